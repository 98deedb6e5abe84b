using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The OpenAPI documents as a client generator reads them: fetched from the gateway, checked by two independent
/// validators (swagger-cli and Redocly, from tools/openapi), and every operation tried at the server they name.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiDocumentTests(PlatformFixture platform)
{
    public static readonly TheoryData<string> Services = new() { "registry", "governance", "compatibility", "transparency", "market", "notifications" };

    /// <summary>The document the gateway serves, or (direct) the one the service serves at its own address.</summary>
    private async Task<(JsonNode Document, string File)> Fetch(string service, bool direct = false)
    {
        var process = platform.All.Single(p => p.Service.Equals(service, StringComparison.OrdinalIgnoreCase));
        var text = direct ? await platform.Direct.GetStringAsync($"{process.Url}/openapi/v1.json") : await platform.Http.GetStringAsync($"/api/openapi/{service}.json");
        var folder = Path.Combine(ServiceProcess.RepoRoot, ".run", "openapi");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, direct ? $"{service}-direct.json" : $"{service}.json");
        await File.WriteAllTextAsync(file, text);
        return (JsonNode.Parse(text)!, file);
    }

    [Theory]
    [InlineData("registry", false)]
    [InlineData("governance", false)]
    [InlineData("compatibility", false)]
    [InlineData("transparency", false)]
    [InlineData("market", false)]
    [InlineData("notifications", false)]
    [InlineData("registry", true)]
    [InlineData("governance", true)]
    [InlineData("compatibility", true)]
    [InlineData("transparency", true)]
    [InlineData("market", true)]
    [InlineData("notifications", true)]
    public async Task The_document_passes_swagger_cli_and_redocly_with_no_error(string service, bool direct)
    {
        var (_, file) = await Fetch(service, direct);
        var tools = Path.Combine(ServiceProcess.RepoRoot, "tools", "openapi");
        var (installed, installLog) = await Run(Path.Combine(tools, "install.sh"));
        Assert.True(installed == 0, installLog);

        var (swagger, swaggerLog) = await Run(Path.Combine(tools, "node_modules", ".bin", "swagger-cli"), "validate", file);
        var (redocly, redoclyLog) = await Run(Path.Combine(tools, "node_modules", ".bin", "redocly"), "lint", file, "--format=stylish");

        Assert.True(swagger == 0, $"swagger-cli validate {service}: {swaggerLog}");
        Assert.Contains("is valid", swaggerLog);
        Assert.True(redocly == 0, $"redocly lint {service}: {redoclyLog}");
        Assert.DoesNotContain(" error ", redoclyLog);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_operation_is_reached_at_the_server_url_and_names_the_token_it_needs(string service)
    {
        var (document, _) = await Fetch(service);
        var server = (string)document["servers"]![0]!["url"]!;
        Assert.Equal($"{platform.Gateway.Url}/api", server.TrimEnd('/'));
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("bearer", (string)schemes["bearer"]!["scheme"]!);
        Assert.EndsWith("/connect/token", (string)schemes["oauth2"]!["flows"]!["clientCredentials"]!["tokenUrl"]!);
        Assert.DoesNotContain(document["components"]!["schemas"]!.AsObject(), s => s.Key.Contains("Anonymous", StringComparison.Ordinal));

        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ids = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "delete" or "patch"))
            {
                var id = (string?)operation!["operationId"];
                Assert.False(string.IsNullOrEmpty(id), $"{method} {path} has no operationId");
                Assert.True(ids.Add(id!), $"operationId {id} is used twice");
                // The server an operation names (its own, or the document's) is where a generated client sends it.
                var at = (string?)(operation["servers"] ?? item["servers"])?[0]?["url"] ?? server;
                var url = at.TrimEnd('/') + System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (method != "get") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await anonymous.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.False(response.Content.Headers.ContentType?.MediaType == "text/html", $"{method} {url} reached a web page ({(int)response.StatusCode})");
                Assert.DoesNotContain("No API resource at", body);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    var names = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToHashSet() ?? [];
                    Assert.True(names.SetEquals(["bearer", "oauth2"]), $"{method} {path} needs a token but declares {string.Join(", ", names)}");
                }
            }
        }
        Assert.NotEmpty(ids);
    }

    [Fact]
    public async Task The_gateway_serves_a_browsable_reference_of_every_document()
    {
        using var page = await platform.Http.GetAsync("/api/reference");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "\"url\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["registry", "governance", "compatibility", "transparency", "market", "notifications"], sources.Select(u => u.Split('/')[^1].Replace(".json", "")));
        foreach (var source in sources) Assert.Equal("3.1.1", (string)(await platform.Http.GetNode(source))["openapi"]!);
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script src=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        using var asset = await platform.Http.GetAsync(new Uri(new Uri(platform.Gateway.Url + "/api/reference/"), script));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
