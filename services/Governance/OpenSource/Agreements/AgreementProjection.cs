using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>Agreements and the handles and e-mail domains they cover, so that coverage is one indexed lookup.</summary>
public sealed partial class AgreementProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("contributor_agreements", """
        create table if not exists contributor_agreements (
            agreement_id uuid primary key,
            kind text not null,
            member_id uuid,
            member_name text,
            signatory text,
            name text,
            status text not null,
            signed_at timestamptz not null,
            terminated_at timestamptz,
            version bigint not null);
        create index if not exists contributor_agreements_member on contributor_agreements (member_id);
        create table if not exists cla_authorisations (
            agreement_id uuid not null,
            kind text not null,
            value text not null,
            primary key (kind, value, agreement_id));
        """);

    public void Project(IEvent<CorporateClaSigned> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("""
            insert into contributor_agreements (agreement_id, kind, member_id, member_name, signatory, status, signed_at, version) values (?, 'corporate', ?, ?, ?, 'active', ?, ?)
            """, e.Data.AgreementId, e.Data.MemberId, e.Data.MemberName, e.Data.Signatory, e.Data.SignedAt, e.Version);
        Authorise(ops, e.Data.AgreementId, e.Data.Handles, e.Data.Domains);
    }

    public void Project(IEvent<CorporateClaAuthorisationsChanged> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("delete from cla_authorisations where agreement_id = ?", e.Data.AgreementId);
        Authorise(ops, e.Data.AgreementId, e.Data.Handles, e.Data.Domains);
        ops.QueueSqlCommand("update contributor_agreements set version = ? where agreement_id = ?", e.Version, e.Data.AgreementId);
    }

    public void Project(IEvent<IndividualClaSigned> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("insert into contributor_agreements (agreement_id, kind, name, status, signed_at, version) values (?, 'individual', ?, 'active', ?, ?)",
            e.Data.AgreementId, e.Data.Name, e.Data.SignedAt, e.Version);
        Authorise(ops, e.Data.AgreementId, [e.Data.Handle], []);
    }

    // A sealed signatory reads "[erased]" once its key is gone; a legacy clear one is overwritten here.
    public void Project(IEvent<CorporateClaSignatoryErased> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update contributor_agreements set signatory = case when signatory like 'pd1:%' then signatory else ? end, version = ? where agreement_id = ?",
            PersonalData.Erased, e.Version, e.Data.AgreementId);

    public void Project(IEvent<ContributorAgreementTerminated> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update contributor_agreements set status = 'terminated', terminated_at = ?, version = ? where agreement_id = ?",
            e.Data.TerminatedAt, e.Version, e.Data.AgreementId);
        ops.QueueSqlCommand("delete from cla_authorisations where agreement_id = ?", e.Data.AgreementId);
    }

    private static void Authorise(IDocumentOperations ops, Guid agreement, string[] handles, string[] domains)
    {
        foreach (var h in handles) ops.QueueSqlCommand("insert into cla_authorisations (agreement_id, kind, value) values (?, 'handle', ?) on conflict do nothing", agreement, h.ToLowerInvariant());
        foreach (var d in domains) ops.QueueSqlCommand("insert into cla_authorisations (agreement_id, kind, value) values (?, 'domain', ?) on conflict do nothing", agreement, d);
    }
}
