using System.Globalization;
using Alliance.Cli;
using Alliance.Import;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The whole Certified Kubernetes file through the public API, twice, and the matrix's counts as of dates under the
/// program's rule: the mark for x.y ends at the later of 12 months after the release of x.y and 9 months after the
/// release of x.y+1 (release dates: tools/Alliance.Cli/Import/kubernetes-releases.csv).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KubernetesImportTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static string DataFile =>
        Environment.GetEnvironmentVariable("ALLIANCE_K8S_CSV") ?? Path.Combine(ServiceProcess.RepoRoot, "..", "shared", "data", "k8s-conformance.csv");

    private static DateTimeOffset Date(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task The_certified_kubernetes_data_loads_completely_once_and_answers_as_of_its_dates()
    {
        Assert.True(File.Exists(DataFile), $"The data set is expected at {DataFile} (or ALLIANCE_K8S_CSV).");
        var log = new StringWriter();
        Importer NewImporter() => new(new PlatformApi(platform.Gateway.Url, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret), log, TextWriter.Null);

        var importedAt = DateTimeOffset.UtcNow; // rows without a date are certified as of the import
        var first = await NewImporter().Run(DataFile);
        var second = await NewImporter().Run(DataFile);
        output.WriteLine(log.ToString());

        Assert.Equal(3075, first.Rows);
        Assert.Equal(0, first.Failed);
        Assert.Equal(3075, first.CertificationsCreated);
        Assert.Equal((0, 0, 0, 3075), (second.VendorsCreated, second.ProductsCreated, second.CertificationsCreated, second.CertificationsFound));
        Assert.Equal(423, first.DatesAssumed);
        // Where the data shows the same product under a new name or vendor (a folder, from one version to the next), the
        // product is renamed or transferred, once: a second run finds them done.
        Assert.True(first.Renamed > 0 && first.Transferred > 0, $"renamed {first.Renamed}, transferred {first.Transferred}");
        Assert.Equal((0, 0), (second.Renamed, second.Transferred));

        var rows = Csv.Read(DataFile);
        var releases = Releases.Read(Releases.DefaultFile);
        Assert.Equal(3075, (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1"))["total"]!);
        foreach (var version in new[] { "v1.7", "v1.18", "v1.36" })
            Assert.Equal(rows.Count(r => r["k8s_version"] == version),
                (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&version={version}&pageSize=1"))["total"]!);
        // Versions sort naturally: the first page starts with v1.7, not v1.10.
        Assert.Equal("v1.7", (string)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1"))["items"]![0]!["version"]!);
        // The latest ratified version is the one ratified last, not the greatest string ("v1.9" > "v1.36").
        var catalogue = (await platform.Http.GetNode("/api/standards")).AsArray().Single(x => (string)x!["code"]! == Importer.Code)!;
        Assert.Equal("v1.36", (string)catalogue["latestRatified"]!);

        // Certified today: only the versions whose mark has not ended, v1.35 (to 2027-01-22) and v1.36 (no v1.37 yet):
        // 116 + 83 rows on 2026-12-01, the number the README states. Google Kubernetes Engine's v1.7 of 2017 is not among them.
        int CertifiedOn(DateTimeOffset day) => rows.Count(r => (r["date_added"].Length == 0 ? importedAt : Date(r["date_added"])) <= day
            && (Releases.MarkEnds(releases, r["k8s_version"]) is not { } end || end > day));
        var readmeDay = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(199, rows.Count(r => Releases.MarkEnds(releases, r["k8s_version"]) is not { } end || end > readmeDay));
        var today = CertifiedOn(DateTimeOffset.UtcNow);
        await Eventually.True(async () => (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&status=certified&pageSize=1"))["total"]! == today,
            $"{today} certified today");
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&version=v1.7&status=certified&pageSize=1"))["total"]!);
        var gke = (await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&version=v1.7&q=Google%20Kubernetes%20Engine"))["items"]![0]!;
        Assert.Equal("expired", (string)gke["status"]!);
        Assert.Equal("certified", (string)(await platform.Http.GetNode(
            $"/api/matrix/check?product={gke["productId"]}&standard={Importer.Code}&version=v1.7&asOf=2018-01-01T00:00:00Z"))["status"]!);
        // As of a date: every row dated before it is in the matrix, and exactly those whose mark had not ended are certified.
        foreach (var day in new[] { "2018-01-01", "2020-06-30", "2023-01-01" })
        {
            var instant = DateTimeOffset.Parse(day, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var dated = rows.Count(r => DateTimeOffset.TryParse(r["date_added"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) && d <= instant);
            Assert.Equal(dated, (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1&asOf={day}T00:00:00Z"))["total"]!);
            Assert.Equal(CertifiedOn(instant), (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&status=certified&pageSize=1&asOf={day}T00:00:00Z"))["total"]!);
        }
        // 2018-01-01 is within the marks of v1.7 to v1.9: every certification dated before it is certified then.
        Assert.Equal(rows.Count(r => r["date_added"].Length > 0 && Date(r["date_added"]) <= new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            CertifiedOn(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        // The matrix is a read model of the events: rebuilt from them, it answers exactly as before.
        var matrix = $"/api/matrix.json?standard={Importer.Code}&asOf=2100-01-01T00:00:00Z";
        var before = await platform.Http.GetStringAsync(matrix);
        using var compatibility = await ReadModelRebuildTests.AtService(platform.Compatibility, platform.Secretariat);
        using var rebuild = await compatibility.PostAsync("/admin/read-models/matrix/rebuild", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, rebuild.StatusCode);
        Assert.True((long)(await rebuild.Read())["eventsReplayed"]! >= 2 * 3075);
        Assert.Equal(before, await platform.Http.GetStringAsync(matrix));
    }

    [Fact]
    public async Task A_bad_row_in_any_phase_is_reported_with_its_reason_and_the_rest_load()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var code = "K8S-" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToUpperInvariant();
        string Row(string version, string vendor, string name, string folder, string date, string note = "") =>
            $"{version},{vendor},{name},{version}.0,distribution,distribution,https://example.org,{version}/{folder}-{tag},{date},abc,test,{note}";
        var file = Path.Combine(Path.GetTempPath(), $"k8s-bad-rows-{tag}.csv");
        await File.WriteAllLinesAsync(file,
        [
            "k8s_version,vendor,name,product_version,type,type_normalized,website_url,repo_path,date_added,commit,source,note",
            Row("v1.35", $"Good Vendor {tag}", $"Good Product {tag}", "good", "2026-01-10T00:00:00Z"),                       // line 2
            Row("v1.36", $"Good Vendor {tag}", $"Better Product {tag}", "good", "2026-05-10T00:00:00Z", "parsed by hand"),   // line 3: renamed, flagged
            Row("v1.36", new string('V', 250), "Any Product", "badvendor", "2026-05-11T00:00:00Z"),                           // line 4: vendor phase
            Row("v1.36", $"Good Vendor {tag}", new string('P', 250), "badproduct", "2026-05-12T00:00:00Z"),                   // line 5: product phase
            Row("v1.99", $"Good Vendor {tag}", $"Future Product {tag}", "future", "2026-05-13T00:00:00Z"),                    // line 6: no release date
            Row("v1.36", $"Good Vendor {tag}", $"Early Product {tag}", "early", "2026-01-01T00:00:00Z"),                      // line 7: before v1.36's release
        ]);
        var log = new StringWriter();
        var summary = await new Importer(new PlatformApi(platform.Gateway.Url, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret), log, TextWriter.Null, standard: code).Run(file);
        output.WriteLine(log.ToString());

        Assert.Equal((6, 4, 2, 1), (summary.Rows, summary.Failed, summary.CertificationsCreated, summary.Renamed));
        var text = log.ToString();
        Assert.Contains($"line 4 (v1.36/badvendor-{tag}): vendor '{new string('V', 250)}' could not be admitted", text);
        Assert.Contains($"line 5 (v1.36/badproduct-{tag}): product '{new string('P', 250)}' could not be registered", text);
        Assert.Contains($"line 6 (v1.99/future-{tag}): no release date for v1.99", text);
        Assert.Contains($"line 7 (v1.36/early-{tag}): checks failed", text);
        Assert.Contains("version-not-ratified", text);
        // The good product carries both certifications under its new name, the former one still finds it, and the flagged row keeps its note.
        var items = (await platform.Http.GetNode($"/api/matrix?standard={code}&q=Good%20Product%20{tag}"))["items"]!.AsArray();
        Assert.Equal([$"Better Product {tag}", $"Better Product {tag}"], items.Select(i => (string)i!["productName"]!));
        var flagged = (Guid)(await platform.Http.GetNode($"/api/certifications?source={Uri.EscapeDataString($"test#v1.36/good-{tag}")}"))[0]!["certificationId"]!;
        var submitted = (await platform.Http.GetNode($"/api/certifications/{flagged}/history"))[0]!["data"]!;
        Assert.Equal("data set note: parsed by hand", (string)submitted["results"]![0]!["notes"]!);
        var product = (Guid)items[0]!["productId"]!;
        var renamed = (await platform.Http.GetNode($"/api/products/{product}/history")).AsArray().Single(e => (string)e!["type"]! == "product_renamed")!;
        Assert.Equal(Date("2026-05-10T00:00:00Z"), (DateTimeOffset)renamed["data"]!["renamedAt"]!);
    }
}
