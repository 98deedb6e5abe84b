using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>The platform's logs: one JSON object a line, with trace id, span id and correlation id; no secret or personal data.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LogTests(PlatformFixture platform)
{
    [Fact]
    public async Task No_log_line_of_any_process_holds_a_freshly_issued_secret_or_a_contact_email()
    {
        var email = $"ops-{Guid.NewGuid():N}@example.cn";
        using var applied = await platform.Http.Post("/api/members/applications",
            new { name = $"Logged Member {Guid.NewGuid():N}", kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = email });
        var id = (Guid)(await applied.Read())["memberId"]!;
        (await platform.Secretariat.Post($"/api/members/{id}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        var issued = await (await platform.Secretariat.Post($"/api/members/{id}/credentials", new { role = "member-admin" })).Read();
        var secret = (string)issued["clientSecret"]!;
        // The secret crosses the gateway and the token endpoint, and a wrong one is logged as a failure; the e-mail is read back.
        var member = platform.Client(await AccessTokens.Get(platform.Http, (string)issued["clientId"]!, secret));
        Assert.Equal(email, (string)(await member.GetNode($"/api/members/{id}"))["contactEmail"]!);
        using var wrong = await platform.Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = (string)issued["clientId"]!,
            ["client_secret"] = secret + "x",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        await Eventually.True(() => Task.FromResult(platform.Governance.Log.Contains($"handled MemberAdmitted")), "Governance consumed the admission");

        foreach (var process in platform.All)
        {
            Assert.DoesNotContain(secret, process.Log);
            Assert.DoesNotContain(email, process.Log, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_line_written_during_a_request_is_json_with_its_trace_id_span_id_and_correlation_id()
    {
        var correlation = Guid.NewGuid().ToString();
        // A refused command is logged by the service that refused it, inside the request.
        using var refused = await platform.Http.Post("/api/members/applications",
            new { name = "X", kind = "company", country = "CN", contactEmail = "not-an-address" }, correlationId: correlation);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        JsonObject? line = null;
        await Eventually.True(() =>
        {
            line = platform.Registry.Log.Split('\n').Where(l => l.Contains(correlation)).Select(l => JsonNode.Parse(l)!.AsObject()).FirstOrDefault();
            return Task.FromResult(line is not null);
        }, "Registry logged the refusal");
        var scopes = line!["Scopes"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Contains(scopes, s => s["TraceId"] is JsonValue t && t.ToString().Length == 32);
        Assert.Contains(scopes, s => s["SpanId"] is JsonValue t && t.ToString().Length == 16);
        Assert.Contains(scopes, s => (string?)s["CorrelationId"] == correlation);
        foreach (var process in platform.All)
            foreach (var text in process.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Assert.True(JsonNode.Parse(text) is JsonObject, $"{process.Service} wrote a line that is not a JSON object: {text}");
    }
}
