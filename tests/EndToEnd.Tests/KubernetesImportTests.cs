using System.Globalization;
using Alliance.Import;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>The whole Certified Kubernetes file through the public API, twice, and the matrix's counts as of dates.</summary>
[Collection(PlatformCollection.Name)]
public sealed class KubernetesImportTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static string DataFile =>
        Environment.GetEnvironmentVariable("ALLIANCE_K8S_CSV") ?? Path.Combine(ServiceProcess.RepoRoot, "..", "shared", "data", "k8s-conformance.csv");

    [Fact]
    public async Task The_certified_kubernetes_data_loads_completely_once_and_answers_as_of_its_dates()
    {
        Assert.True(File.Exists(DataFile), $"The data set is expected at {DataFile} (or ALLIANCE_K8S_CSV).");
        var log = new StringWriter();
        Importer NewImporter() => new(new Api(platform.Gateway.Url, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret), log, TextWriter.Null);

        var first = await NewImporter().Run(DataFile);
        var second = await NewImporter().Run(DataFile);
        output.WriteLine(log.ToString());

        Assert.Equal(3075, first.Rows);
        Assert.Equal(0, first.Failed);
        Assert.Equal(3075, first.CertificationsCreated);
        Assert.Equal((0, 0, 0, 3075), (second.VendorsCreated, second.ProductsCreated, second.CertificationsCreated, second.CertificationsFound));
        Assert.Equal(423, first.DatesAssumed);

        var rows = Csv.Read(DataFile);
        Assert.Equal(3075, (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1"))["total"]!);
        foreach (var version in new[] { "v1.7", "v1.18", "v1.36" })
            Assert.Equal(rows.Count(r => r["k8s_version"] == version),
                (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&version={version}&pageSize=1"))["total"]!);
        // Versions sort naturally: the first page starts with v1.7, not v1.10.
        Assert.Equal("v1.7", (string)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1"))["items"]![0]!["version"]!);
        // The latest ratified version is the one ratified last, not the greatest string ("v1.9" > "v1.36").
        var catalogue = (await platform.Http.GetNode("/api/standards")).AsArray().Single(x => (string)x!["code"]! == Importer.Code)!;
        Assert.Equal("v1.36", (string)catalogue["latestRatified"]!);
        // As of a date, exactly the rows dated before it: history entered as history.
        foreach (var day in new[] { "2018-01-01", "2020-06-30", "2023-01-01" })
        {
            var instant = DateTimeOffset.Parse(day, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var expected = rows.Count(r => DateTimeOffset.TryParse(r["date_added"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) && d <= instant);
            Assert.Equal(expected, (int)(await platform.Http.GetNode($"/api/matrix?standard={Importer.Code}&pageSize=1&asOf={day}T00:00:00Z"))["total"]!);
        }

        // The matrix is a read model of the events: rebuilt from them, it answers exactly as before.
        var matrix = $"/api/matrix.json?standard={Importer.Code}&asOf=2100-01-01T00:00:00Z";
        var before = await platform.Http.GetStringAsync(matrix);
        using var rebuild = await ReadModelRebuildTests.AtService(platform.Compatibility, platform.Secretariat).PostAsync("/admin/read-models/matrix/rebuild", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, rebuild.StatusCode);
        Assert.True((long)(await rebuild.Read())["eventsReplayed"]! >= 2 * 3075);
        Assert.Equal(before, await platform.Http.GetStringAsync(matrix));
    }
}
