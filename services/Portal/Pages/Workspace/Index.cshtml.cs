using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>
/// The signed-in member's desk: its open ballots, its joint projects (with invitations to answer), its products
/// and certifications; for the secretariat, the admissions queue and every open ballot.
/// </summary>
public sealed class IndexModel(RegistryApi registry, GovernanceApi governance, CompatibilityApi compatibility, NotificationsApi notifications, Text text) : PortalPage(text)
{
    public sealed record ProjectEntry(ProjectRow Project, Partner? Me);

    public sealed record ProductEntry(ProductInfo Product, IReadOnlyList<CertificationSummary> Certifications);

    public MemberRow? Member { get; private set; }
    public IReadOnlyList<BallotDetail> MyBallots { get; private set; } = [];
    public IReadOnlyList<ProjectEntry> Projects { get; private set; } = [];
    public IReadOnlyList<ProductEntry> Products { get; private set; } = [];
    public IReadOnlyList<MemberRow> Applications { get; private set; } = [];
    public IReadOnlyList<BallotRow> OpenBallots { get; private set; } = [];
    /// <summary>The member's webhooks the platform disabled (notices not yet acknowledged): shown to its admins.</summary>
    public IReadOnlyList<NotificationsApi.WebhookNotice> WebhookNotices { get; private set; } = [];
    public bool Secretariat => User.IsSecretariat();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Secretariat)
        {
            var applications = registry.Members("applied", 100, ct);
            OpenBallots = (await governance.Ballots("open", 100, ct)).Items;
            Applications = (await applications).Items;
            return;
        }
        if (User.MemberId() is not { } me) return;
        var member = registry.Member(me, ct);
        var ballots = MyOpenBallots(me, ct);
        var projects = MyProjects(me, ct);
        var products = MyProducts(me, ct);
        var notices = DisabledWebhooks(ct);
        Member = await member;
        MyBallots = await ballots;
        Projects = await projects;
        Products = await products;
        WebhookNotices = await notices;
    }

    /// <summary>Only a member's admin manages (and is told about) its webhooks; without Notifications the page still shows.</summary>
    private async Task<IReadOnlyList<NotificationsApi.WebhookNotice>> DisabledWebhooks(CancellationToken ct)
    {
        if (!User.IsInRole("member-admin")) return [];
        try { return await notifications.OpenNotices(ct); }
        catch (Exception e) when (e is ApiProblem or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return []; }
    }

    private async Task<IReadOnlyList<BallotDetail>> MyOpenBallots(Guid me, CancellationToken ct)
    {
        var open = await governance.Ballots("open", 100, ct);
        var details = await Task.WhenAll(open.Items.Select(b => governance.Ballot(b.BallotId, ct)));
        return details.OfType<BallotDetail>().Where(b => b.Electorate.Any(v => v.MemberId == me)).OrderBy(b => b.ClosesAt).ToList();
    }

    private async Task<IReadOnlyList<ProjectEntry>> MyProjects(Guid me, CancellationToken ct)
    {
        var rows = await registry.ProjectsOf(me, ct);
        var details = await Task.WhenAll(rows.Select(p => registry.Project(p.ProjectId, ct)));
        return rows.Select((p, i) => new ProjectEntry(p, details[i]?.Partners.FirstOrDefault(x => x.MemberId == me))).ToList();
    }

    private async Task<IReadOnlyList<ProductEntry>> MyProducts(Guid me, CancellationToken ct)
    {
        var products = await compatibility.ProductsOf(me, ct);
        var pages = await Task.WhenAll(products.Select(p => compatibility.Product(p.ProductId, ct)));
        return pages.OfType<ProductPage>().Select(p => new ProductEntry(p.Product, p.Certifications)).ToList();
    }

    public async Task<IActionResult> OnPostAdmitAsync(Guid member, string? tier, CancellationToken ct)
    {
        try { await registry.Admit(member, tier, ct); Notice = T["workspace.admitted"]; }
        catch (ApiProblem problem) { Notice = T.ApiMessage(problem.Detail ?? problem.Errors.SelectMany(e => e.Value).FirstOrDefault() ?? problem.Title ?? ""); }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid ballot, CancellationToken ct)
    {
        try { await governance.Close(ballot, ct); Notice = T["workspace.closed"]; }
        catch (ApiProblem problem) { Notice = T.ApiMessage(problem.Detail ?? problem.Title ?? ""); }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid project, bool accept, string? reason, CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        try
        {
            if (accept) await registry.Accept(project, me, ct);
            else await registry.Decline(project, me, reason, ct);
            Notice = accept ? T["workspace.accepted"] : T["workspace.declined"];
        }
        catch (ApiProblem problem) { Notice = T.ApiMessage(problem.Detail ?? problem.Title ?? ""); }
        return RedirectToPage();
    }
}
