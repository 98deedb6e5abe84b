using Alliance.Hosting;
using Dapper;
using Marten;
using MassTransit;
using Npgsql;

namespace Alliance.Compatibility.Standards;

/// <summary>
/// Governance's answers to what Compatibility asked about a standard version (a decision, a refusal): the subject
/// reference is CODE/VERSION, and the answer is appended to the standard's stream in the consumer's transaction.
/// An answer to a request that is no longer pending, or about a standard this service does not hold, changes nothing.
/// </summary>
internal static class StandardAnswers
{
    public static bool About(string subjectKind) => subjectKind is "standard-version-ratification" or "standard-version-withdrawal";

    public static async Task Append<T>(ConsumeContext<T> context, IDocumentStore store, NpgsqlConnection db, NpgsqlTransaction tx,
        string subjectReference, string actor, Func<Standard, string, object?> decide) where T : class
    {
        if (subjectReference.Split('/') is not [var code, var version]) return;
        var standardId = await db.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @code", new { code }, tx);
        if (standardId is null) return;
        await using var session = ProcessedMessages.Session(store, tx, context, actor);
        var stream = await session.Events.FetchForWriting<Standard>(standardId.Value, context.CancellationToken);
        if (stream.Aggregate is { } standard && decide(standard, version) is { } answer) stream.AppendOne(answer);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
