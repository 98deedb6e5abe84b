using Npgsql;

namespace Alliance.Testing;

/// <summary>A grep over a whole database: every table of every schema, every column (each row as text, jsonb included).</summary>
public static class DatabaseSearch
{
    /// <summary>The tables (schema.table) where some row's text holds the value, ignoring case.</summary>
    public static async Task<List<string>> TablesHolding(string connectionString, string value)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var tables = new List<(string Schema, string Name)>();
        await using (var list = new NpgsqlCommand("""
            select table_schema, table_name from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
            """, db))
        await using (var row = await list.ExecuteReaderAsync())
            while (await row.ReadAsync()) tables.Add((row.GetString(0), row.GetString(1)));
        var holding = new List<string>();
        foreach (var (schema, name) in tables)
        {
            await using var search = new NpgsqlCommand($"select exists (select 1 from \"{schema}\".\"{name}\" t where strpos(lower(t::text), lower($1)) > 0)", db)
            { Parameters = { new() { Value = value } } };
            if ((bool)(await search.ExecuteScalarAsync())!) holding.Add($"{schema}.{name}");
        }
        return holding;
    }
}
