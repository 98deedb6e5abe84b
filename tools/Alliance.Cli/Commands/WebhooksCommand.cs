using System.CommandLine;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance webhooks list|create|delete|test|notices`: a member's admin manages its member's webhooks (the secretariat any).
/// create prints the signing secret once; notices lists what the platform told the member (a webhook disabled, and why).
/// </summary>
public sealed class WebhooksCommand : ICommandGroup
{
    private static readonly string[] Columns = ["webhookId", "url", "eventTypes", "status", "disabledReason", "createdAt"];

    public Command Build()
    {
        var page = new Option<int?>("--page") { Description = "the page, from 1" };
        var pageSize = new Option<int?>("--page-size") { Description = "items per page, at most 200 (default 50)" };
        var list = new Command("list", "your member's webhooks (the secretariat: all)") { page, pageSize };
        CliAction.Set(list, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var answer = await client.Get("webhooks" + CliAction.Query(("page", parse.GetValue(page)), ("pageSize", parse.GetValue(pageSize))), ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Table(answer["items"]!.AsArray(), Columns);
            Output.PageFooter(answer);
            return ExitCodes.Ok;
        });

        var target = new Argument<string>("TARGET") { Description = "where deliveries go: an https URL (http to the loopback only in development)" };
        var events = new Option<string[]>("--event")
        {
            Description = "an event type to subscribe to (repeat the option): certification.granted, certification.revoked, standard.version.ratified, ballot.opened, …",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var product = new Option<Guid?>("--product") { Description = "only events of this product" };
        var standard = new Option<string?>("--standard") { Description = "only events of this standard (code)" };
        var vendor = new Option<Guid?>("--vendor") { Description = "only events of this vendor" };
        var description = new Option<string?>("--description") { Description = "a note of your own (at most 200 characters)" };
        var create = new Command("create", "register a webhook; its signing secret (whsec_…) is printed once") { target, events, product, standard, vendor, description };
        CliAction.Set(create, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var answer = await client.Post("webhooks", new
            {
                url = parse.GetValue(target),
                eventTypes = parse.GetValue(events),
                productId = parse.GetValue(product),
                standardCode = parse.GetValue(standard),
                vendorId = parse.GetValue(vendor),
                description = parse.GetValue(description),
            }, ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Line($"webhook {answer["webhook"]!["webhookId"]} registered for {answer["webhook"]!["url"]}");
            Output.Line($"secret (shown only now; verify deliveries with it): {answer["secret"]}");
            return ExitCodes.Ok;
        });

        var id = new Argument<Guid>("WEBHOOK") { Description = "the webhook's id" };
        var delete = new Command("delete", "delete a webhook: nothing more is sent, its secrets are destroyed") { id };
        CliAction.Set(delete, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            await client.Delete($"webhooks/{parse.GetValue(id)}", ct);
            if (client.Json) Output.Json(new System.Text.Json.Nodes.JsonObject { ["webhookId"] = parse.GetValue(id), ["deleted"] = true });
            else Output.Line($"webhook {parse.GetValue(id)} deleted");
            return ExitCodes.Ok;
        });

        var testId = new Argument<Guid>("WEBHOOK") { Description = "the webhook's id" };
        var test = new Command("test", "send a webhook.test event now (see its delivery with `alliance webhooks show`)") { testId };
        CliAction.Set(test, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var answer = await client.Post($"webhooks/{parse.GetValue(testId)}/test", null, ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Line($"test event {answer["eventId"]} queued (delivery {answer["deliveryId"]})");
            return ExitCodes.Ok;
        });

        var showId = new Argument<Guid>("WEBHOOK") { Description = "the webhook's id" };
        var show = new Command("show", "one webhook (status, why it was disabled) and its latest deliveries") { showId };
        CliAction.Set(show, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var webhook = await client.Get($"webhooks/{parse.GetValue(showId)}", ct);
            var deliveries = await client.Get($"webhooks/{parse.GetValue(showId)}/deliveries?pageSize=20", ct);
            if (client.Json) { Output.Json(new System.Text.Json.Nodes.JsonObject { ["webhook"] = webhook.DeepClone(), ["deliveries"] = deliveries["items"]!.DeepClone() }); return ExitCodes.Ok; }
            Output.Properties(webhook.AsObject());
            Output.Table(deliveries["items"]!.AsArray(), "eventId", "eventType", "status", "attempts", "lastResponseCode", "lastAttemptAt");
            return ExitCodes.Ok;
        });

        var open = new Option<bool>("--open") { Description = "only the notices not yet acknowledged" };
        var notices = new Command("notices", "what the platform told your member about its webhooks (each one disabled, when and why)") { open };
        CliAction.Set(notices, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var answer = await client.Get("webhooks/notices" + CliAction.Query(("acknowledged", parse.GetValue(open) ? "false" : null)), ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Table(answer["items"]!.AsArray(), "noticeId", "webhookId", "kind", "reason", "at", "acknowledgedAt");
            Output.PageFooter(answer);
            return ExitCodes.Ok;
        });

        return new Command("webhooks", "your member's webhooks: signed deliveries of platform events (member admins)") { list, show, create, delete, test, notices };
    }
}
