using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>The secretariat opens a ballot of a committee.</summary>
[Authorize(Roles = "secretariat")]
public sealed class NewBallotModel(GovernanceApi governance, Text text) : PortalPage(text)
{
    public IReadOnlyList<CommitteeRow> Committees { get; private set; } = [];
    [BindProperty] public Guid? CommitteeId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Profile { get; set; }
    [BindProperty] public DateOnly? ClosesOn { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Committees = (await governance.Committees(ct)).Items;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            DateTimeOffset? closesAt = ClosesOn is { } d ? new DateTimeOffset(d.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero) : null;
            await governance.OpenBallot(CommitteeId, Title, Question, string.IsNullOrWhiteSpace(Profile) ? null : Profile, closesAt, ct);
            Notice = T["workspace.ballot-opened"];
            return Redirect("/workspace");
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("committeeId", nameof(CommitteeId)), ("title", nameof(Title)), ("question", nameof(Question)), ("profile", nameof(Profile)), ("closesAt", nameof(ClosesOn)));
            Committees = (await governance.Committees(ct)).Items;
            return Page();
        }
    }
}
