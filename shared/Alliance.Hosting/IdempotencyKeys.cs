using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Idempotency-Key on POST: the first request with a key runs and its response is stored; the same key
/// with the same body within 24 hours gets that response again (header Idempotent-Replayed: true) and takes
/// effect once; the same key with another body gets 422; a key whose first request is still running, 409.
/// Responses of 5xx are not kept, so a client may retry them with the same key.
/// A key belongs to its caller: the scope is the authenticated client (issuer and subject) and the path, so
/// nobody else can ever be handed the answer. An anonymous caller cannot be told apart from another, so its
/// successful answers are not kept: a repeat takes no effect and gets 409 "already applied" with the
/// resource's Location. Neither is an answer that carries a secret (IdempotencyRules.ReturnsSecret, or
/// Cache-Control: no-store): only "applied", its status and its Location are stored. Endpoints marked
/// WithoutIdempotency (the token endpoint) ignore the header. Rows are deleted after 24 hours (ExpiryPurge).
/// A process can die between claiming a key and storing the response (kill -9, a crash). The claim then
/// stays "running"; after a lease of 30 seconds it is abandoned. The request's events were committed together
/// with a "took effect" mark on the key (CommitMark), so the retry knows: without the mark it runs again;
/// with it, it gets 409 "already applied" (the effect happened once, only its response was lost).
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    internal static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    internal const string Schema = """
        create table if not exists idempotency_keys (
            scope text not null,
            key text not null,
            request_hash text not null,
            status int not null default 0,
            committed boolean not null default false,
            content_type text,
            location text,
            etag text,
            body bytea,
            created_at timestamptz not null default now(),
            primary key (scope, key));
        create index if not exists idempotency_keys_created_at on idempotency_keys (created_at);
        alter table idempotency_keys add column if not exists committed boolean not null default false;
        do $$ begin
          if not exists (select 1 from information_schema.columns
                         where table_schema = current_schema() and table_name = 'idempotency_keys' and column_name = 'withheld') then
            alter table idempotency_keys add column withheld boolean not null default false;
            -- Rows written before keys were scoped to their caller may hold a client secret or a token in their
            -- body: drop every kept answer of success; a repeat of those now gets "already applied".
            update idempotency_keys set body = null, withheld = true where status between 200 and 399;
          end if;
        end $$;
        """;

    /// <summary>How long a claim may stay "running" before it counts as abandoned by a process that died.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private const string ClaimItem = "idempotency-claim";

    public static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        IdempotencyRules.NoStoreIfSecret(http);
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || IdempotencyRules.IsExempt(http)) { await next(http); return; }
        if (key.Length > 200) { await Problem(http, 400, "Invalid Idempotency-Key", "An Idempotency-Key has at most 200 characters."); return; }

        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var (scope, identified) = IdempotencyRules.ScopeOf(http);
        var hash = await HashBody(http.Request);
        await db.ExecuteScalar("delete from idempotency_keys where scope = $1 and key = $2 and created_at < now() - $3", scope, key, Lifetime);
        var claimed = await db.ExecuteScalar(
            "insert into idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict do nothing returning 1", scope, key, hash)
            // An abandoned claim whose effect never committed is taken over (one retry wins the update).
            ?? await db.ExecuteScalar("""
                update idempotency_keys set created_at = now() where scope = $1 and key = $2 and request_hash = $3
                  and status = 0 and not committed and created_at < now() - $4 returning 1
                """, scope, key, hash, Lease);
        if (claimed is null) { await Replay(http, db, scope, key, hash); return; }
        http.Items[ClaimItem] = (scope, key);

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            await db.ExecuteScalar("delete from idempotency_keys where scope = $1 and key = $2", scope, key);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        // An answer of success is kept only for a caller who can be recognised, and never when it carries a secret.
        // Refusals (4xx) are problem documents about the request itself, and the same body gets the same refusal.
        var withheld = http.Response.StatusCode < 400 && (!identified || IdempotencyRules.CarriesSecret(http));
        if (http.Response.StatusCode >= 500)
            await db.ExecuteScalar("delete from idempotency_keys where scope = $1 and key = $2", scope, key);
        else
            await db.ExecuteScalar(
                "update idempotency_keys set status = $3, content_type = $4, location = $5, etag = $6, body = $7, withheld = $8 where scope = $1 and key = $2",
                scope, key, http.Response.StatusCode, withheld ? DBNull.Value : (object?)http.Response.ContentType ?? DBNull.Value,
                (object?)http.Response.Headers.Location.ToString() ?? DBNull.Value, (object?)http.Response.Headers.ETag.ToString() ?? DBNull.Value,
                withheld ? DBNull.Value : (object)buffer.ToArray(), withheld);
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task Replay(HttpContext http, NpgsqlDataSource db, string scope, string key, string hash)
    {
        await using var cmd = db.CreateCommand("select request_hash, status, content_type, location, etag, body, committed, withheld from idempotency_keys where scope = $1 and key = $2");
        cmd.Parameters.Add(new() { Value = scope });
        cmd.Parameters.Add(new() { Value = key });
        await using var row = await cmd.ExecuteReaderAsync(http.RequestAborted);
        if (!await row.ReadAsync(http.RequestAborted))
        {
            await Problem(http, 409, "Idempotency-Key in flux", "The first request with this key just failed; retry.");
            return;
        }
        if (row.GetString(0) != hash)
        {
            await Problem(http, 422, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
            return;
        }
        if (row.GetInt32(1) == 0 && row.GetBoolean(6))
        {
            await Problem(http, 409, "Request already applied",
                "The first request with this Idempotency-Key took effect, but its response was lost (the server stopped); read the resource to see the result.");
            return;
        }
        if (row.GetInt32(1) == 0)
        {
            await Problem(http, 409, "Request in progress", "A request with this Idempotency-Key is still being processed.");
            return;
        }
        if (row.GetBoolean(7))
        {
            await IdempotencyRules.AlreadyApplied(http, row.IsDBNull(3) ? "" : row.GetString(3));
            return;
        }
        http.Response.StatusCode = row.GetInt32(1);
        if (!row.IsDBNull(2)) http.Response.ContentType = row.GetString(2);
        if (!row.IsDBNull(3) && row.GetString(3).Length > 0) http.Response.Headers.Location = row.GetString(3);
        if (!row.IsDBNull(4) && row.GetString(4).Length > 0) http.Response.Headers.ETag = row.GetString(4);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        PlatformCounters.IdempotencyReplays.Add(1);
        var body = row.IsDBNull(5) ? [] : (byte[])row[5];
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>Marks the request's key "took effect" inside the transaction that saves the request's events.</summary>
    internal sealed class CommitMark : Marten.DocumentSessionListenerBase
    {
        private static readonly HttpContextAccessor Context = new();

        public override Task BeforeSaveChangesAsync(Marten.IDocumentSession session, CancellationToken token)
        {
            if (Context.HttpContext?.Items[ClaimItem] is (string scope, string key))
                session.QueueSqlCommand("update idempotency_keys set committed = true where scope = ? and key = ?", scope, key);
            return Task.CompletedTask;
        }
    }

    private static async Task<string> HashBody(HttpRequest request)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(hash);
    }

    private static Task Problem(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private static async Task<object?> ExecuteScalar(this NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return await cmd.ExecuteScalarAsync();
    }
}
