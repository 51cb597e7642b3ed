using FactCheck.Contracts.V1;
using FactCheck.Web.Services;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace FactCheck.Web.Pages.Claims;

/// <summary>
/// <c>/claims</c>: the claims, newest first, filtered by status, tag and due date and searched in
/// full text (ListClaims' query), in pages; or, with <c>similar</c>, the claims that say the same
/// as a text (MatchClaims). Every filter is a plain GET parameter, so each view has an address.
/// </summary>
public sealed class IndexModel(ClaimPages pages, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    /// <summary>How many similar claims the "similar to…" box shows.</summary>
    public const int SimilarShown = 10;

    /// <summary>Separates the earlier pages' tokens in <see cref="Trail"/>; page tokens are base64url, without dots.</summary>
    private const char TrailSeparator = '.';

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    /// <summary>"upcoming" (due date ahead) or "past" (due date passed).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Due { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Similar { get; set; }

    /// <summary>This page's token; none on the first. Not "page", which Razor Pages keeps for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "at")]
    public string? PageToken { get; set; }

    /// <summary>The tokens of the pages before this one but the first, so "previous" can go back (page tokens only go forward).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public static IReadOnlyList<ClaimStatus> Statuses { get; } =
        System.Enum.GetValues<ClaimStatus>().Where(s => s != ClaimStatus.Unspecified).ToList();

    public IReadOnlyList<Claim> Claims { get; private set; } = [];

    public IReadOnlyList<ClaimMatch> Matches { get; private set; } = [];

    public bool Searching => !string.IsNullOrWhiteSpace(Similar);

    public bool Filtered => !string.IsNullOrWhiteSpace(Query) || !string.IsNullOrEmpty(Status) || !string.IsNullOrWhiteSpace(Tag) || !string.IsNullOrEmpty(Due);

    public string? NextPage { get; private set; }

    public string? PreviousPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        if (Searching)
        {
            Matches = (await pages.MatchAsync(Similar!.Trim(), SimilarShown, cancel)).Matches;
            return Page();
        }

        var request = new ListClaimsRequest { PageSize = PageSize, PageToken = PageToken ?? "", Query = Query?.Trim() ?? "", Tag = Tag?.Trim() ?? "" };
        if (!string.IsNullOrEmpty(Status))
        {
            if (!System.Enum.TryParse<ClaimStatus>(Status, ignoreCase: true, out var status) || status == ClaimStatus.Unspecified || !System.Enum.IsDefined(status))
            {
                return Refuse($"'{Status}' is not a status; choose one of {string.Join(", ", Statuses.Select(s => s.ToString().ToLowerInvariant()))}");
            }

            request.Statuses.Add(status);
        }

        var now = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        switch (Due)
        {
            case null or "":
                break;
            case "upcoming":
                request.DueAfter = now;
                request.Order = ClaimOrder.DueSoonest;
                break;
            case "past":
                request.DueBefore = now;
                request.Order = ClaimOrder.DueSoonest;
                break;
            default:
                return Refuse($"'{Due}' is not a due filter; choose 'upcoming' or 'past'");
        }

        var response = await pages.ListAsync(request, cancel);
        Claims = response.Claims;
        var trail = (Trail ?? "").Split(TrailSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (response.NextPageToken.Length > 0)
        {
            NextPage = Link(response.NextPageToken, string.IsNullOrEmpty(PageToken) ? trail : [.. trail, PageToken]);
        }

        if (!string.IsNullOrEmpty(PageToken))
        {
            PreviousPage = trail.Count == 0 ? Link(null, []) : Link(trail[^1], trail[..^1]);
        }

        return Page();
    }

    private BadRequestResult Refuse(string problem)
    {
        HttpContext.Items[ServiceOutcomeFilter.ErrorDetail] = problem;
        return BadRequest();
    }

    /// <summary>This list with the same filters at another page.</summary>
    private string Link(string? page, List<string> trail)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Query,
            ["status"] = Status,
            ["tag"] = Tag,
            ["due"] = Due,
            ["at"] = page,
            ["trail"] = trail.Count > 0 ? string.Join(TrailSeparator, trail) : null,
        };
        return QueryHelpers.AddQueryString("/claims", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
