using System.Text.Json;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// The temporal matrix: one row per certification with the interval it holds (valid_from until the earliest
/// of valid_until and ended_at), so "as of" any instant is one indexed query. Inline with the events.
/// </summary>
public sealed partial class MatrixProjection : EventProjection, IBatchRebuildable
{
    // The name operators rebuild it by: POST /admin/read-models/matrix/rebuild.
    public MatrixProjection() => Name = "matrix";

    public IReadOnlyList<string> Tables { get; } = ["certifications", "matrix_grants_by_day", "matrix_grants_by_standard_day"];

    // One instance at a time applies it (several may start together): the function and trigger DDL below is not
    // safe to run concurrently, and the one-off fills must not run twice.
    public static readonly ReadModelSchema Schema = new("certifications", """
        select pg_advisory_xact_lock(hashtext('alliance.certifications.schema'));
        create table if not exists certifications (
            certification_id uuid primary key,
            product_id uuid not null,
            vendor_id uuid not null,
            product_version text not null,
            standard_code text not null,
            version text not null,
            status text not null,
            checks_failed jsonb not null,
            submitted_at timestamptz not null,
            valid_from timestamptz,
            valid_until timestamptz,
            next_ratified_at timestamptz,
            ended_at timestamptz,
            end_reason text);
        create index if not exists certifications_matrix on certifications (standard_code, version, valid_from);
        create index if not exists certifications_product on certifications (product_id, standard_code);
        create index if not exists certifications_due on certifications (valid_until) where status = 'certified';
        alter table certifications add column if not exists notice_reason text;
        alter table certifications add column if not exists source text;
        create index if not exists certifications_source on certifications (source) where source is not null;
        alter table certifications add column if not exists cure_by timestamptz;
        """ + MatrixOrder.Schema);

    public void Project(IEvent<CertificationSubmitted> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into certifications (certification_id, product_id, vendor_id, product_version, standard_code, version, status, checks_failed, submitted_at, source, product_name)
            values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, (select name from products where product_id = ?))
            """, e.Data.CertificationId, e.Data.ProductId, e.Data.VendorId, e.Data.ProductVersion, e.Data.StandardCode, e.Data.Version,
            e.Data.ChecksFailed.Length > 0 ? "checks-failed" : "submitted", JsonSerializer.Serialize(e.Data.ChecksFailed), e.Data.SubmittedAt,
            (object?)e.Data.Source ?? DBNull.Value, e.Data.ProductId);

    public void Project(IEvent<CertificationGranted> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set status = 'certified', valid_from = ?, valid_until = ? where certification_id = ?",
            e.Data.ValidFrom, (object?)e.Data.ValidUntil ?? DBNull.Value, e.StreamId);

    public void Project(IEvent<CertificationRejected> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set status = 'rejected' where certification_id = ?", e.StreamId);

    public void Project(IEvent<CertificationRevoked> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set status = 'revoked', ended_at = ?, end_reason = 'revoked', cure_by = null where certification_id = ?", e.Data.RevokedAt, e.StreamId);

    public void Project(IEvent<CertificationLapsed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set status = 'lapsed', ended_at = ?, end_reason = 'lapsed', cure_by = null where certification_id = ?", e.Data.LapsedAt, e.StreamId);

    public void Project(IEvent<NonConformanceNoticed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set notice_reason = ?, cure_by = ? where certification_id = ?", e.Data.Reason, e.Data.CureBy, e.StreamId);

    public void Project(IEvent<NonConformanceCured> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set notice_reason = null, cure_by = null where certification_id = ?", e.StreamId);

    public void Project(IEvent<CertificationExpired> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set status = 'expired', ended_at = coalesce(valid_until, ?), end_reason = 'expired' where certification_id = ?", e.Data.ExpiredAt, e.StreamId);

    /// <summary>A version withdrawn by decision ends every certification against it that still holds.</summary>
    public void Project(IEvent<StandardVersionWithdrawn> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            update certifications set status = 'withdrawn', ended_at = ?, end_reason = 'withdrawn'
             where standard_code = ? and version = ? and status = 'certified' and (valid_until is null or valid_until > ?)
            """, e.Data.WithdrawnAt, e.Data.Code, e.Data.Version, e.Data.WithdrawnAt);

    /// <summary>Under a later-of rule, the end fixed once the next version was ratified (see CertificationExpiry).</summary>
    public void Project(IEvent<CertificationValidityFixed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update certifications set valid_until = ?, next_ratified_at = ? where certification_id = ?",
            e.Data.ValidUntil, e.Data.SuccessorRatifiedAt, e.StreamId);
}
