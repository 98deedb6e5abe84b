using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Alliance.Hosting;

/// <summary>
/// Secrets as files, the way containers receive them (compose `secrets:`, a Kubernetes Secret mounted as a volume):
/// each file in the SecretsDirectory (default none; the images set /run/secrets) is one configuration key named
/// after the file, with __ for the section separator (Postgres__registry__Password), its content the value. They
/// are read last, so a secret file wins over an environment variable of the same key, and a password never has to
/// be in the environment (which `podman inspect` and /proc show). A missing directory is no error.
/// </summary>
public static class SecretFiles
{
    public static WebApplicationBuilder AddSecretFiles(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["SecretsDirectory"] is { Length: > 0 } directory && Directory.Exists(directory))
            builder.Configuration.AddKeyPerFile(o =>
            {
                o.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory);
                o.Optional = true;
                // A Kubernetes Secret volume also holds ..data and ..<timestamp> entries (its atomic-update links).
                o.IgnoreCondition = name => name.StartsWith("..", StringComparison.Ordinal);
                o.ReloadOnChange = false;
            });
        return builder;
    }
}
