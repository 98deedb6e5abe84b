using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests.Members;

[Collection(RegistryCollection.Name)]
public sealed class MemberApiTests(RegistryFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly HttpClient _secretariat = fixture.Secretariat;

    internal static object Application(string? name = null) => new
    {
        name = name ?? $"Member {Guid.NewGuid():N}",
        kind = "company",
        country = "CN",
        website = "https://www.example.cn",
        contactEmail = "office@example.cn",
    };

    private async Task<Guid> Apply(string? name = null)
    {
        using var response = await _http.Post("/members/applications", Application(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.Read())["memberId"]!;
    }

    private Task<long> EventCount() => fixture.Registry.Scalar<long>("select count(*) from mt_events");

    [Fact]
    public async Task An_application_is_created_with_its_location_and_version_and_reads_back()
    {
        using var response = await _http.Post("/members/applications", Application("Phytium Technology"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)(await response.Read())["memberId"]!;
        Assert.Equal($"/members/{id}", response.Headers.Location!.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var member = await _secretariat.GetNode($"/members/{id}");
        Assert.Equal("Phytium Technology", (string)member["name"]!);
        Assert.Equal("applied", (string)member["status"]!);
    }

    [Fact]
    public async Task Admission_moves_the_member_to_admitted_and_a_second_admission_is_refused_with_the_rule()
    {
        var id = await Apply();

        using var admitted = await _secretariat.Post($"/members/{id}/admission", new { tier = "general" });
        using var again = await _secretariat.Post($"/members/{id}/admission", new { tier = "general" });

        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal("\"2\"", admitted.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        Assert.Equal("admission-requires-application", (string)(await again.Read())["rule"]!);
        Assert.Equal("admitted", (string)(await _http.GetNode($"/members/{id}"))["status"]!);
    }

    [Fact]
    public async Task History_lists_the_events_in_order_with_times_actor_and_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid().ToString();
        using var applied = await _http.Post("/members/applications", Application(), correlationId: correlation);
        var id = (Guid)(await applied.Read())["memberId"]!;
        using var admitted = await _secretariat.Post($"/members/{id}/admission", new { tier = "academic" });

        var history = (await _secretariat.GetNode($"/members/{id}/history")).AsArray();

        Assert.Equal(["member_applied", "member_admitted"], history.Select(e => (string)e!["type"]!));
        Assert.Equal(correlation, (string)history[0]!["correlationId"]!);
        Assert.Equal(correlation, applied.Headers.GetValues("X-Correlation-Id").Single());
        Assert.All(history, e => Assert.NotNull(e!["occurredAt"]));
        Assert.All(history, e => Assert.NotNull(e!["recordedAt"]));
        Assert.Equal("academic", (string)history[1]!["data"]!["tier"]!);
    }

    [Theory]
    [InlineData("""{"name":"A","kind":"company",""", "body")]
    [InlineData("""{"name":42,"kind":"company","country":"CN","contactEmail":"a@b.cn"}""", "name")]
    [InlineData("""{"kind":"company","country":"CN","contactEmail":"a@b.cn"}""", "name")]
    [InlineData("""{"name":"A","kind":"company","country":"CN","contactEmail":"not-an-email"}""", "contactEmail")]
    [InlineData("""{"name":"A","kind":"company","country":"China","contactEmail":"a@b.cn"}""", "country")]
    [InlineData("""{"name":"A","kind":"startup","country":"CN","contactEmail":"a@b.cn"}""", "kind")]
    public async Task Bad_input_gets_400_problem_naming_the_field_and_writes_no_event(string json, string field)
    {
        var before = await EventCount();

        using var response = await _http.PostRaw("/members/applications", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.Read())["errors"]![field]);
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task Admitting_an_unknown_member_is_404_and_an_unknown_tier_is_400()
    {
        using var unknown = await _secretariat.Post($"/members/{Guid.NewGuid()}/admission", new { tier = "general" });
        var id = await Apply();
        using var badTier = await _secretariat.Post($"/members/{id}/admission", new { tier = "gold" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTier.StatusCode);
        Assert.NotNull((await badTier.Read())["errors"]!["tier"]);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_take_effect_once_and_another_body_gets_422()
    {
        var key = Guid.NewGuid().ToString();
        var body = Application();
        var before = await EventCount();

        using var first = await _secretariat.Post("/members/applications", body, key);
        using var replay = await _secretariat.Post("/members/applications", body, key);
        using var other = await _secretariat.Post("/members/applications", Application(), key);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal((string)(await first.Read())["memberId"]!, (string)(await replay.Read())["memberId"]!);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Equal(before + 1, await EventCount());
    }

    [Fact]
    public async Task An_anonymous_repeat_takes_effect_once_and_gets_already_applied_with_the_location_never_the_first_answer()
    {
        // Nobody can tell two anonymous callers apart: the first answer is not kept, so it cannot be handed to another.
        var (key, name) = (Guid.NewGuid().ToString(), $"Anonymous Repeat {Guid.NewGuid():N}");
        using var first = await _http.Post("/members/applications", Application(name), key);
        using var repeat = await _http.Post("/members/applications", Application(name), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        var problem = await repeat.Read();
        Assert.Equal("Request already applied", (string)problem["title"]!);
        Assert.Null(problem["memberId"]);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (int)(await _http.GetNode($"/members?q={Uri.EscapeDataString(name)}"))["total"]!);
        Assert.True(await fixture.Registry.Scalar<bool>("select body is null and withheld from idempotency_keys where key = $1", key));
    }

    [Fact]
    public async Task A_key_whose_server_died_after_the_effect_answers_already_applied_and_never_applies_twice()
    {
        var (key, name) = (Guid.NewGuid().ToString(), $"Crash After Commit {Guid.NewGuid():N}");
        using var first = await _http.Post("/members/applications", Application(name), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(await fixture.Registry.Scalar<bool>("select committed from idempotency_keys where key = $1", key));
        // As if the process died after committing the events but before storing the response, and the lease ran out.
        await fixture.Registry.Scalar<int>("update idempotency_keys set status = 0, body = null, created_at = now() - interval '1 minute' where key = $1 returning 1", key);

        using var retry = await _http.Post("/members/applications", Application(name), key);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("Request already applied", (string)(await retry.Read())["title"]!);
        Assert.Equal(1, (int)(await _http.GetNode($"/members?q={Uri.EscapeDataString(name)}"))["total"]!);
    }

    [Fact]
    public async Task A_key_whose_server_died_before_the_effect_is_taken_over_by_the_retry_after_its_lease()
    {
        var (key, name) = (Guid.NewGuid().ToString(), $"Crash Before Commit {Guid.NewGuid():N}");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Application(name), System.Text.Json.JsonSerializerOptions.Web)));
        // A claim left "running" by a process that died before its transaction committed: fresh, then past its lease.
        await fixture.Registry.Scalar<int>("insert into idempotency_keys (scope, key, request_hash) values ('anonymous - /members/applications', $1, $2) returning 1", key, hash);
        using var whileFresh = await _http.Post("/members/applications", Application(name), key);
        await fixture.Registry.Scalar<int>("update idempotency_keys set created_at = now() - interval '1 minute' where key = $1 returning 1", key);

        using var retry = await _http.Post("/members/applications", Application(name), key);

        Assert.Equal(HttpStatusCode.Conflict, whileFresh.StatusCode);
        Assert.Equal("Request in progress", (string)(await whileFresh.Read())["title"]!);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, (int)(await _http.GetNode($"/members?q={Uri.EscapeDataString(name)}"))["total"]!);
    }

    [Fact]
    public async Task A_nul_character_in_a_query_or_a_json_string_is_a_400_naming_where_and_writes_nothing()
    {
        // Found by the fuzzing suite: PostgreSQL cannot store U+0000, and the request failed with 500.
        var before = await EventCount();
        using var query = await _http.GetAsync("/members?q=a%00b");
        using var body = await _http.PostRaw("/members/applications",
            """{"name":"Nul\u0000Corp","kind":"company","country":"CN","website":"https://www.example.cn","contactEmail":"office@example.cn"}""");

        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Contains("q", (await query.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, body.StatusCode);
        Assert.Contains("name", (await body.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await EventCount());
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_and_a_current_one_succeeds()
    {
        var id = await Apply();

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/members/{id}/admission") { Content = System.Net.Http.Json.JsonContent.Create(new { tier = "general" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        using var refused = await _secretariat.SendAsync(stale);
        var current = new HttpRequestMessage(HttpMethod.Post, $"/members/{id}/admission") { Content = System.Net.Http.Json.JsonContent.Create(new { tier = "general" }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var accepted = await _secretariat.SendAsync(current);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Of_twenty_concurrent_admissions_of_one_applicant_exactly_one_wins_and_the_rest_get_409()
    {
        var id = await Apply();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _secretariat.Post($"/members/{id}/admission", new { tier = "general" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(2L, await fixture.Registry.Scalar<long>("select count(*) from mt_events where stream_id = $1", id));
    }

    [Fact]
    public async Task The_directory_filters_by_status_and_name_and_pages_in_a_stable_order()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await Apply($"Paging {tag} {i}"));
        using var admitted = await _secretariat.Post($"/members/{ids[1]}/admission", new { tier = "general" });

        var page1 = await _http.GetNode($"/members?q={tag}&pageSize=2");
        var page2 = await _http.GetNode($"/members?q={tag}&pageSize=2&page=2");
        var onlyAdmitted = await _http.GetNode($"/members?q={tag}&status=admitted");
        using var badPage = await _http.GetAsync("/members?pageSize=1000");

        Assert.Equal(3, (int)page1["total"]!);
        Assert.Equal(ids, page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(m => (Guid)m!["memberId"]!));
        Assert.Equal([ids[1]], onlyAdmitted["items"]!.AsArray().Select(m => (Guid)m!["memberId"]!));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_postgres_and_rabbitmq_and_the_openapi_document_is_served()
    {
        var ready = await _http.GetNode("/health/ready");
        var openApi = await _http.GetNode("/openapi/v1.json");

        Assert.Equal("Healthy", (string)ready["status"]!);
        Assert.NotNull(ready["checks"]!["postgres"]);
        Assert.NotNull(openApi["paths"]!["/members/applications"]);
    }
}
