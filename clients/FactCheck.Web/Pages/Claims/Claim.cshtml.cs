using FactCheck.Client;
using FactCheck.Contracts.V1;
using FactCheck.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactCheck.Web.Pages.Claims;

/// <summary><c>/claims/{id}</c>: one claim as a reader wants it, from both services.</summary>
public sealed class ClaimModel(ClaimPages pages, StatusUpdates updates) : PageModel
{
    public ClaimView View { get; private set; } = null!;

    public Claim Claim => View.Claim;

    /// <summary>The ClaimReview JSON-LD of the page, or null while the claim has no verdict.</summary>
    public string? Review { get; private set; }

    /// <summary>Where the page's script follows the claim's changes, from the last event the page shows.</summary>
    public string EventsUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancel)
    {
        if (ClaimRoute.Name(id) is not { } name || await pages.ClaimViewAsync(name, cancel) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Review = updates.ReviewOf(view.Claim);
        var last = view.History.Count > 0 ? view.History.Max(e => e.Sequence) : 0;
        EventsUrl = $"{ClaimRoute.Page(name)}/events?after={last}";
        return Page();
    }

    /// <summary>Each required party with its latest verdict, or null while it is awaited.</summary>
    public IEnumerable<(string Party, Verdict? Latest)> Parties() =>
        View.Summary.RequiredParties.Select(p => (p, View.Summary.LatestVerdicts.FirstOrDefault(v => v.Party == p)));

    public static string Decision(VerdictDecision decision) => decision switch
    {
        VerdictDecision.Confirm => "confirmed",
        VerdictDecision.Deny => "denied",
        VerdictDecision.Dispute => "disputed",
        VerdictDecision.Retract => "retracted",
        _ => "gave no decision",
    };

    public static string EventTitle(ClaimEvent e) => e.Type switch
    {
        ClaimEventType.Created => $"Recorded as {StatusNames.Of(e.Claim.Status)}",
        ClaimEventType.Updated => "Edited",
        ClaimEventType.StatusChanged when e.PreviousStatus == e.Claim.Status => $"Still {StatusNames.Of(e.Claim.Status)}",
        ClaimEventType.StatusChanged => $"{StatusNames.Of(e.PreviousStatus)} → {StatusNames.Of(e.Claim.Status)}",
        _ => "Changed",
    };
}
