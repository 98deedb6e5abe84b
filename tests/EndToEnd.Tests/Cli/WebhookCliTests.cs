using Alliance.EndToEnd.Tests.Webhooks;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Cli;

/// <summary>`alliance webhooks` as a member's admin runs it: create (the secret once), list, test (a signed delivery lands), show, delete, notices.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookCliTests(PlatformFixture platform) : IDisposable
{
    private readonly AllianceCli _cli = new();
    private string Gw => platform.Gateway.Url;

    [Fact]
    public async Task A_member_admin_creates_lists_tests_shows_and_deletes_a_webhook_from_the_terminal()
    {
        var admin = await platform.Member($"CLI Hooks {Guid.NewGuid():N}", "member-admin");
        var login = await _cli.Run(new Dictionary<string, string> { ["ALLIANCE_CLIENT_SECRET"] = admin.Secret }, "login", "--url", Gw, "--client-id", admin.ClientId);
        Assert.True(login.ExitCode == 0, login.ToString());
        await using var receiver = new WebhookReceiver();
        await receiver.Start();

        var created = await _cli.Run("webhooks", "create", receiver.Url, "--event", "ballot.opened", "--event", "decision.recorded", "--description", "from the CLI", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var webhook = (Guid)created.Json["webhook"]!["webhookId"]!;
        receiver.Secret = (string)created.Json["secret"]!;
        Assert.StartsWith("whsec_", receiver.Secret);
        Assert.Equal(["ballot.opened", "decision.recorded"], created.Json["webhook"]!["eventTypes"]!.AsArray().Select(t => (string)t!));

        var list = await _cli.Run("webhooks", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(webhook.ToString(), list.Stdout);
        Assert.DoesNotContain(receiver.Secret, list.Stdout);

        var test = await _cli.Run("webhooks", "test", webhook.ToString());
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("queued", test.Stdout);
        await Eventually.True(() => Task.FromResult(receiver.All.Any(r => r.Verified)), "the test delivery, verified", TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await _cli.Run("webhooks", "show", webhook.ToString(), "--json")).Json["deliveries"]!.AsArray()
            .Any(d => (string)d!["status"]! == "delivered"), "the delivery logged");
        Assert.Empty((await _cli.Run("webhooks", "notices", "--open", "--json")).Json["items"]!.AsArray());

        // An unknown event type is refused with the field named (exit 1); a missing --event is a usage error (exit 2).
        var refused = await _cli.Run("webhooks", "create", receiver.Url, "--event", "certification.exploded");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("eventTypes", refused.Stderr);
        Assert.Equal(2, (await _cli.Run("webhooks", "create", receiver.Url)).ExitCode);

        var deleted = await _cli.Run("webhooks", "delete", webhook.ToString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.DoesNotContain(webhook.ToString(), (await _cli.Run("webhooks", "list")).Stdout);
        var gone = await _cli.Run("webhooks", "show", webhook.ToString());
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("alliance: Not found (404)", gone.Stderr);
    }

    public void Dispose() => _cli.Dispose();
}
