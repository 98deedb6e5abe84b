using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Testing;

/// <summary>One service in-process (its real Program), on the fixture's own database and virtual host.</summary>
public sealed class ServiceFactory<TProgram>(TestServers servers, string service, IReadOnlyDictionary<string, string>? extra = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in servers.SettingsFor(service)) builder.UseSetting(key, value);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        // In-process there is no port: the JwtBearer handler reads the issuer's discovery document through
        // the test server itself (Registry is its own issuer). Configure runs before JwtBearer's post-configure.
        builder.ConfigureTestServices(s => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.BackchannelHttpHandler = Server.CreateHandler();
            o.MetadataAddress = "http://localhost/.well-known/openid-configuration";
        }));
        // A test's own seams (a test clock, an observer of the key derivation), after the service's registrations.
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>Runs a scalar query against this service's database, for assertions on what was stored.</summary>
    public Task<T> Scalar<T>(string sql, params object[] values) => servers.Scalar<T>(service, sql, values);
}
