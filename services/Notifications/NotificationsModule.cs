using Alliance.Notifications.Delivery;
using Alliance.Notifications.Webhooks;

namespace Alliance.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        // http and the loopback as targets are for a developer's machine and the tests only, never a deployment.
        var allowLoopback = builder.Configuration.GetValue("Webhooks:AllowLoopback", false);
        if (allowLoopback && !(builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")))
            throw new InvalidOperationException("Webhooks:AllowLoopback is for the Development and Testing environments only; remove it.");
        builder.Services.AddSingleton(new TargetPolicy(allowLoopback));
        builder.Services.AddSingleton(RetrySchedule.From(builder.Configuration));
        builder.Services.AddSingleton(WebhookSchema.Webhooks);
        builder.Services.AddSingleton(WebhookSchema.Secrets);
        builder.Services.AddSingleton(WebhookSchema.Deliveries);
        builder.Services.AddSingleton(WebhookNotices.Schema);
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<DeliveryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        var webhooks = app.MapGroup("/webhooks").WithTags("Webhooks");
        WebhookEndpoints.Map(webhooks);
        WebhookNotices.Map(webhooks);
        return app;
    }
}
