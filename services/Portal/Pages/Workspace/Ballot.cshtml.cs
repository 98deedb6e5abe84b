using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>One ballot: cast or change the member's vote with its reason; the recorded vote and the tally where the ballot is public.</summary>
public sealed class BallotModel(GovernanceApi governance, Text text) : PortalPage(text)
{
    public BallotDetail Ballot { get; private set; } = null!;
    public Vote? MyVote { get; private set; }
    public IReadOnlyList<Vote> Votes { get; private set; } = [];
    public bool MayVote { get; private set; }
    [BindProperty] public string? Position { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await governance.CastVote(id, Position, Reason, ct);
            Notice = T["ballot.recorded"];
            return RedirectToPage(new { id });
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("position", nameof(Position)), ("reason", nameof(Reason)));
            return await Load(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> Load(Guid id, CancellationToken ct)
    {
        if (await governance.Ballot(id, ct) is not { } ballot) return false;
        Ballot = ballot;
        var me = User.MemberId();
        MayVote = ballot.Status == "open" && me is { } m && ballot.Electorate.Any(v => v.MemberId == m);
        // On a secret ballot the API answers only the caller's own position: the voter still sees its vote.
        Votes = await governance.Votes(id, ct);
        MyVote = Votes.FirstOrDefault(v => v.MemberId == me);
        if (Request.Method == "GET" && MyVote is not null) (Position, Reason) = (MyVote.Position, MyVote.Reason);
        return true;
    }
}
