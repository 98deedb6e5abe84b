using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// ASP.NET Core Data Protection with its key ring in the service's own database, so every instance of a service
/// decrypts what another encrypted, and a restart loses nothing. It protects what a service keeps secret at rest
/// (Registry's signing keys, the per-person keys of personal data). The framework rolls its keys every 90 days and
/// keeps the old ones for decrypting. The key ring's own XML is encrypted when DataProtection:{service}:KeyRingKey gives a
/// key-encryption key (KeyRingEncryption): then a copy of the database alone decrypts nothing.
/// </summary>
public static class KeyRing
{
    internal const string Table = """
        create table if not exists data_protection_keys (
            friendly_name text primary key,
            xml text not null,
            created_at timestamptz not null default now())
        """;

    public static void AddKeyRing(this IServiceCollection services, string service)
    {
        services.AddSingleton(new ReadModelSchema("data_protection_keys", Table));
        services.AddSingleton(new KeyRingEncryption.Settings(service));
        services.AddDataProtection().SetApplicationName($"alliance-{service}");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource, IServiceProvider>((o, db, provider) =>
        {
            o.XmlRepository = new PostgresXmlRepository(db);
            if (KeyRingEncryption.FromConfiguration(provider) is { } encryptor) o.XmlEncryptor = encryptor;
        });
    }

    /// <summary>The key ring's rows. Data Protection calls it synchronously (and rarely: it caches the ring), hence the sync API.</summary>
    private sealed class PostgresXmlRepository(NpgsqlDataSource db) : IXmlRepository
    {
        private volatile bool _ready;

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var connection = Open();
            using var cmd = new NpgsqlCommand("select xml from data_protection_keys order by created_at, friendly_name", connection);
            using var row = cmd.ExecuteReader();
            var elements = new List<XElement>();
            while (row.Read()) elements.Add(XElement.Parse(row.GetString(0)));
            return elements;
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var connection = Open();
            // Two instances may each make the first key at once: both keep theirs (the ring holds several keys).
            using var cmd = new NpgsqlCommand("insert into data_protection_keys (friendly_name, xml) values ($1, $2) on conflict (friendly_name) do nothing", connection)
            { Parameters = { new() { Value = friendlyName }, new() { Value = element.ToString(SaveOptions.DisableFormatting) } } };
            cmd.ExecuteNonQuery();
        }

        // The table normally exists (DatabaseBootstrap); this covers a call that comes before it ran.
        private NpgsqlConnection Open()
        {
            var connection = db.OpenConnection();
            if (_ready) return connection;
            using (var create = new NpgsqlCommand(Table, connection)) create.ExecuteNonQuery();
            _ready = true;
            return connection;
        }
    }
}
