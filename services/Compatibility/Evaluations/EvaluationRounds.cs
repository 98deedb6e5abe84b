using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// Result ids are round-n (v4.1-0001), as MLPerf cites them: the round is unique across suites, and n counts up per
/// round in the same transaction as the submission, so an id is never given twice and never changes.
/// </summary>
public static class EvaluationRounds
{
    public static readonly ReadModelSchema Schema = new("evaluation_rounds", """
        create table if not exists evaluation_round_counters (
            round text primary key,
            last_number int not null);
        """);

    public static async Task RefuseTaken(NpgsqlDataSource db, string round, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<bool>("select exists (select 1 from standard_versions where evaluation->>'round' = @round)", new { round }))
            throw new DomainRuleViolated("round-exists", $"Round {round} belongs to another suite version; result ids must stay unique (give another 'evaluation.round').");
    }

    /// <summary>The next id of the round, or the given one (historical mode: the id the source cites), in the caller's transaction.</summary>
    public static async Task<string> Next(NpgsqlConnection connection, NpgsqlTransaction tx, string round, string? given)
    {
        var number = given is null ? (int?)null : Number(round, given);
        if (given is not null && number is null)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["resultId"] = [$"'resultId' is {round}-<n> (e.g. {round}-0001)."] });
        var n = await connection.ExecuteScalarAsync<int>("""
            insert into evaluation_round_counters (round, last_number) values (@round, coalesce(@number, 1))
            on conflict (round) do update set last_number = greatest(evaluation_round_counters.last_number + case when @number is null then 1 else 0 end, coalesce(@number, 0))
            returning last_number
            """, new { round, number }, tx);
        return given ?? $"{round}-{n:0000}";
    }

    private static int? Number(string round, string id) =>
        id.StartsWith(round + "-", StringComparison.Ordinal) && int.TryParse(id.AsSpan(round.Length + 1), System.Globalization.NumberStyles.None, null, out var n) && n > 0 ? n : null;
}
