using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Alliance.Gateway;

/// <summary>
/// How the gateway spreads a service's traffic over its instances (docs/scale-out.md). Round robin, so that every
/// instance takes its share; an active check of each instance's readiness every second takes one that is not
/// ready (its database is gone, it is starting) out of the rotation, and a passive one takes an instance out at once
/// when connections to it fail (kill -9), until the active check finds it ready again. When no instance of a service
/// is healthy, YARP's default policy (HealthyOrPanic) tries them all rather than answering 503 itself, so one
/// instance behaves exactly as before.
/// </summary>
public static class InstanceBalancing
{
    public static ClusterConfig Cluster(string id, IReadOnlyList<string> addresses, string healthPath) => new()
    {
        ClusterId = id,
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        // The first instance keeps the name it always had; further ones are numbered from 2.
        Destinations = addresses.Select((address, i) => (address, i))
            .ToDictionary(d => d.i == 0 ? "primary" : $"instance-{d.i + 1}", d => new DestinationConfig { Address = d.address }),
        HealthCheck = addresses.Count < 2 ? null : new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(2),
                // Two failed probes in a row (about 2 s after a kill -9): one slow answer under load is not enough.
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = healthPath,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = TimeSpan.FromSeconds(5),
            },
        },
    };
}
