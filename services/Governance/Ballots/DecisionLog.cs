using System.Text;
using System.Xml;
using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>The public decision log, newest first, and its Atom feed.</summary>
public static class DecisionLog
{
    public sealed record DecisionRow(
        Guid DecisionId, Guid BallotId, Guid CommitteeId, string Title, string SubjectKind, string SubjectService, string SubjectReference,
        string Outcome, bool Approved, string Explanation, string Tally, DateTime DecidedAt, Guid? Corrects, Guid? CorrectedBy, string? ExplanationParts, Guid? EventId = null);

    public sealed record DecisionSubject(string Kind, string Service, string Reference);

    /// <summary>
    /// A decision as published. Explanation is in the reader's language (Accept-Language: zh… gives Chinese where the parts were
    /// recorded; ExplanationLanguage says which it is); ExplanationParts are the same explanation as data, null on older decisions.
    /// </summary>
    public sealed record DecisionView(
        Guid DecisionId, Guid BallotId, Guid CommitteeId, string Title, DecisionSubject Subject, string Outcome, bool Approved, string Explanation,
        string ExplanationLanguage, IReadOnlyList<ExplanationPart>? ExplanationParts, Tally Tally, DateTime DecidedAt,
        // The decision this one corrects, and the approved correction that replaced this one.
        Guid? Corrects, Guid? CorrectedBy,
        // The stored decision_reached event: its receipt in the transparency log is GET /log/receipts/{eventId}.
        Guid? EventId = null);

    private const string Columns = """
        decision_id as DecisionId, ballot_id as BallotId, committee_id as CommitteeId, title, subject_kind as SubjectKind, subject_service as SubjectService,
        subject_reference as SubjectReference, outcome, approved, explanation, tally::text as Tally, decided_at as DecidedAt,
        corrects as Corrects, corrected_by as CorrectedBy, explanation_parts::text as ExplanationParts,
        (select e.id from mt_events e where e.stream_id = decisions.ballot_id and e.type = 'decision_reached' order by e.version desc limit 1) as EventId
        """;

    private static DecisionView View(DecisionRow d, HttpContext http)
    {
        var parts = d.ExplanationParts is { } json ? System.Text.Json.JsonSerializer.Deserialize<List<ExplanationPart>>(json, ExplanationText.Json) : null;
        var (explanation, language) = ExplanationText.For(http, d.Explanation, parts);
        return new(d.DecisionId, d.BallotId, d.CommitteeId, d.Title, new(d.SubjectKind, d.SubjectService, d.SubjectReference), d.Outcome, d.Approved,
            explanation, language, parts, System.Text.Json.JsonSerializer.Deserialize<Tally>(d.Tally, System.Text.Json.JsonSerializerOptions.Web)!, d.DecidedAt,
            d.Corrects, d.CorrectedBy, d.EventId);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/decisions", async (NpgsqlDataSource db, string? subjectKind, string? subjectReference, int? page, int? pageSize, HttpContext http, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = "where (@subjectKind::text is null or subject_kind = @subjectKind) and (@subjectReference::text is null or subject_reference = @subjectReference)";
            var args = new { subjectKind, subjectReference, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from decisions {where}", args);
            var rows = await connection.QueryAsync<DecisionRow>($"select {Columns} from decisions {where} order by decided_at desc, decision_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.Select(d => View(d, http)).ToList(), total));
        }).WithTags("Decisions").WithSummary("The public decision log, newest first");

        app.MapGet("/decisions/{id:guid}", async (Guid id, NpgsqlDataSource db, HttpContext http, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<DecisionRow>($"select {Columns} from decisions where decision_id = @id", new { id })
                ?? throw new NotFound($"Decision {id}");
            return TypedResults.Ok(View(row, http));
        }).WithTags("Decisions").WithSummary("One decision");

        app.MapGet("/decisions.atom", async (NpgsqlDataSource db, IConfiguration config, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = (await connection.QueryAsync<DecisionRow>($"select {Columns} from decisions order by decided_at desc, decision_id limit 50")).ToList();
            return Results.Bytes(Atom(rows, PublicUrl.Api(config)), "application/atom+xml; charset=utf-8");
        }).WithTags("Decisions").WithSummary("The latest 50 decisions as an Atom feed");
    }

    private static byte[] Atom(IReadOnlyList<DecisionRow> rows, string baseUrl)
    {
        using var text = new MemoryStream();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", ns);
            xml.WriteElementString("id", ns, $"{baseUrl}/decisions");
            xml.WriteElementString("title", ns, "Alliance decision log");
            xml.WriteElementString("updated", ns, XmlConvert.ToString(rows.Count > 0 ? rows[0].DecidedAt : DateTime.UnixEpoch, XmlDateTimeSerializationMode.Utc));
            Link(xml, ns, "self", $"{baseUrl}/decisions.atom");
            foreach (var d in rows)
            {
                xml.WriteStartElement("entry", ns);
                xml.WriteElementString("id", ns, $"urn:uuid:{d.DecisionId}");
                xml.WriteElementString("title", ns, $"{d.Title}: {d.Outcome}");
                xml.WriteElementString("updated", ns, XmlConvert.ToString(d.DecidedAt, XmlDateTimeSerializationMode.Utc));
                xml.WriteStartElement("author", ns);
                xml.WriteElementString("name", ns, "Alliance Governance");
                xml.WriteEndElement();
                Link(xml, ns, "alternate", $"{baseUrl}/decisions/{d.DecisionId}");
                xml.WriteElementString("summary", ns, d.Explanation);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.ToArray();
    }

    private static void Link(XmlWriter xml, string ns, string rel, string href)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
