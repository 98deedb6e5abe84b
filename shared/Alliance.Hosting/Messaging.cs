using System.Reflection;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Hosting;

public static class Messaging
{
    /// <summary>
    /// MassTransit 8 over RabbitMQ: the service's consumers (found in its assembly) each get a durable
    /// quorum queue named "{service}-{consumer}", short in-memory retries, then the "_error" queue where an
    /// operator sees and replays the message; a poison message never blocks its queue. Only faults are retried and
    /// dead-lettered: a domain rule is never retried. A non-empty "_error" queue shows in /health/ready as
    /// degraded. Publishes wait for the broker's confirm.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder, string service, Assembly consumers)
    {
        var config = builder.Configuration.GetSection("RabbitMq");
        builder.Services.AddSingleton<ProcessedMessages>();
        var queues = new ReceiveQueues(service);
        builder.Services.AddSingleton(queues);
        builder.Services.AddReceiveEndpointObserver(_ => queues);
        builder.Services.AddSingleton<DeadLetterHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>("dead-letters", tags: ["ready", DeadLetterHealthCheck.Advisory]);
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, false));
            // No calls home: the machines this runs on reach no outside host, and the failed lookup was logged at every start.
            x.DisableUsageTelemetry();
            x.AddConsumers(consumers);
            // The bus-level quorum setting is ignored by ConfigureEndpoints; this callback reaches every endpoint.
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                endpoint.UseMessageRetry(r =>
                {
                    // A domain rule answers the same every time: retrying it only delays the dead letter. Consumers answer
                    // rules (a refused ballot request is answered with BallotRequestRefused); one that escapes is a bug.
                    r.Ignore<DomainRuleViolated>();
                    r.Ignore<ValidationFailed>();
                    r.Ignore<NotFound>();
                    r.Ignore<Forbidden>();
                    r.Intervals(100, 500, 2000, 5000);
                });
            });
            x.UsingRabbitMq((context, bus) =>
            {
                bus.Host(config["Host"] ?? "127.0.0.1", ushort.Parse(config["Port"] ?? "56729"), config["VirtualHost"] ?? "/", h =>
                {
                    h.Username(config["Username"] ?? "guest");
                    h.Password(config["Password"] ?? "guest");
                    h.PublisherConfirmation = true;
                });
                bus.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });
        return builder;
    }
}
