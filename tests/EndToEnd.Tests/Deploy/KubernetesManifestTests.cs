using System.Diagnostics;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/k8s as an operator applies it: both overlays render with kubectl's Kustomize (deploy/k8s/render.sh, the
/// version from git), every rendered object passes its schema (Kubernetes' own through kubernetes-models, the two
/// operators' CRDs for Cluster, Database and RabbitmqCluster: tools/k8s-schema), and production has the shape the
/// platform's availability rests on. No cluster is needed: nothing here is applied.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] Processes = ["registry", "governance", "compatibility", "transparency", "market", "notifications", "gateway", "portal"];

    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task The_overlay_renders_and_every_object_passes_its_schema(string overlay)
    {
        var (objects, log) = await Render(overlay);
        Assert.True(objects.Count >= 34, log);
        Assert.Contains($"{objects.Count} of {objects.Count} objects valid", log);
        foreach (var kind in new[] { "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap", "Ingress", "NetworkPolicy", "Cluster", "Database", "RabbitmqCluster" })
            Assert.Contains(objects, o => (string?)o["kind"] == kind);
    }

    [Fact]
    public async Task Production_runs_two_hardened_replicas_of_each_process_on_three_database_and_broker_nodes()
    {
        var (objects, _) = await Render("production");
        var version = (string)Of(objects, "Namespace", "alliance")["metadata"]!["labels"]!["app.kubernetes.io/version"]!;
        Assert.Matches(@"^(\d+\.\d+\.\d+.*|0\.0\.0-[0-9a-f]{12}(-dirty)?)$", version);
        foreach (var name in Processes)
        {
            var deployment = Of(objects, "Deployment", name);
            Assert.Equal(2, (int)deployment["spec"]!["replicas"]!);
            var pod = deployment["spec"]!["template"]!["spec"]!;
            Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
            var container = pod["containers"]![0]!;
            Assert.Equal($"registry.example.org/alliance/{name}:{version}", (string)container["image"]!);
            Assert.True((bool)container["securityContext"]!["readOnlyRootFilesystem"]!);
            Assert.False((bool)container["securityContext"]!["allowPrivilegeEscalation"]!);
            Assert.Equal("/health/live", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
            Assert.NotNull(container["startupProbe"]);
            Assert.Equal(name == "gateway" ? "/health/live" : "/health/ready", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
            Assert.NotNull(container["resources"]!["limits"]!["memory"]);
            Assert.Equal(1, (int)Of(objects, "PodDisruptionBudget", name)["spec"]!["minAvailable"]!);
            // No secret in the environment: passwords are files of the secrets volume.
            Assert.DoesNotContain(container["env"]?.AsArray() ?? [], e => e?["valueFrom"] is not null || ((string?)e?["name"])?.Contains("Password") == true);
        }
        Assert.Equal(["compatibility", "gateway"], objects.Where(o => (string?)o["kind"] == "HorizontalPodAutoscaler").Select(o => (string)o["metadata"]!["name"]!).Order());

        var postgres = Of(objects, "Cluster", "alliance-pg")["spec"]!;
        Assert.Equal(3, (int)postgres["instances"]!);
        Assert.Equal(1, (int)postgres["postgresql"]!["synchronous"]!["number"]!);
        Assert.Equal(3, (int)Of(objects, "RabbitmqCluster", "alliance-rabbitmq")["spec"]!["replicas"]!);

        // Only the gateway is reachable from outside: the one Ingress names it, no Service is exposed beyond the cluster.
        var backend = Of(objects, "Ingress", "alliance")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal("gateway", (string)backend["name"]!);
        Assert.All(objects.Where(o => (string?)o["kind"] == "Service"), s => Assert.Null(s["spec"]!["type"]));
        var policies = objects.Where(o => (string?)o["kind"] == "NetworkPolicy").ToList();
        var deny = Of(objects, "NetworkPolicy", "default-deny")["spec"]!;
        Assert.Empty(deny["podSelector"]!.AsObject());
        Assert.Equal(["Ingress", "Egress"], deny["policyTypes"]!.AsArray().Select(t => (string)t!));
        var fromOutside = policies.Where(p => p["spec"]!["ingress"]?.AsArray().Any(rule => rule!["from"]!.AsArray().Any(f => f!["namespaceSelector"] is { } ns
            && (string?)ns["matchLabels"]?["kubernetes.io/metadata.name"] == "ingress-nginx")) == true).Select(p => (string)p["metadata"]!["name"]!);
        Assert.Equal(["gateway"], fromOutside);
    }

    private static JsonNode Of(List<JsonNode> objects, string kind, string name) =>
        objects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    private static async Task<(List<JsonNode> Objects, string Log)> Render(string overlay)
    {
        var root = ServiceProcess.RepoRoot;
        var folder = Path.Combine(root, ".run", "k8s");
        Directory.CreateDirectory(folder);
        var (installed, _, installLog) = await Run(Path.Combine(root, "tools", "k8s-schema", "install.sh"));
        Assert.True(installed == 0, installLog);
        var (rendered, yaml, renderLog) = await Run(Path.Combine(root, "deploy", "k8s", "render.sh"), overlay);
        Assert.True(rendered == 0, renderLog);
        var yamlFile = Path.Combine(folder, $"{overlay}.yaml");
        var jsonFile = Path.Combine(folder, $"{overlay}.json");
        await File.WriteAllTextAsync(yamlFile, yaml);
        var (valid, log, checkErrors) = await Run("node", Path.Combine(root, "tools", "k8s-schema", "check.mjs"), "--json", jsonFile, yamlFile);
        Assert.True(valid == 0, log + checkErrors);
        var objects = JsonNode.Parse(await File.ReadAllTextAsync(jsonFile))!.AsArray().Select(o => o!).ToList();
        return (objects, log);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
