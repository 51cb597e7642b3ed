using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using FactCheck.Domain.Matching;
using Grpc.Core;

namespace FactCheck.Cli.Commands;

/// <summary>
/// "Is this claim already tracked?", asked of MatchClaims before a claim is created (`claims add`,
/// `import`, `extract`): a match scoring at or above the threshold is a likely duplicate. One
/// check per command run, so the wait for the service's index and each note come once.
/// </summary>
internal sealed class DuplicateCheck
{
    /// <summary>
    /// The score at or above which a match is a likely duplicate: the claims service's own
    /// (ClaimMatch.score means the same for every text, so one value serves every command;
    /// docs/matching.md says how it was measured).
    /// </summary>
    public const double Threshold = MatchRanking.DuplicateThreshold;

    /// <summary>Matches asked for per text: the likely duplicates are the first of them, best first.</summary>
    public const int PageSize = 5;

    /// <summary>
    /// How long a check waits for the service to index recent claims for meaning (at most
    /// --timeout): a claim created moments ago, said in other words, is otherwise missed.
    /// </summary>
    public static readonly TimeSpan IndexWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly CommandContext _context;
    private readonly double _threshold;
    private readonly string _without;
    private bool _cannotCheck;
    private bool _waited;

    /// <param name="without">What happens when the service cannot check, for the warning: "created without the check".</param>
    private DuplicateCheck(CommandContext context, double threshold, string without)
    {
        _context = context;
        _threshold = threshold;
        _without = without;
    }

    /// <summary>The --duplicate-threshold option of the commands that check.</summary>
    public static Option<double?> ThresholdOption()
    {
        var option = new Option<double?>("--duplicate-threshold")
        {
            Description = $"Score (0 to 1) from which a tracked claim counts as a likely duplicate [default: {Threshold.ToString("0.00", CultureInfo.InvariantCulture)}]",
            HelpName = "score",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (value <= 0 || value > 1))
            {
                result.AddError($"--duplicate-threshold: must be above 0 and at most 1 (got {value.ToString(CultureInfo.InvariantCulture)})");
            }
        });
        return option;
    }

    public static DuplicateCheck For(CommandContext context, Option<double?> threshold, string without) =>
        new(context, context.Parse.GetValue(threshold) ?? Threshold, without);

    /// <summary>"N claims are not indexed for meaning yet; they match on words only": shown wherever matches are.</summary>
    public static string UnindexedNote(long count) => $"{count} claims are not indexed for meaning yet; they match on words only";

    /// <summary>"claims/agreement (0.91)".</summary>
    public static string Describe(ClaimMatch match) => $"{match.Claim.Name} ({Display.Score(match.Score)})";

    /// <summary>Matches for --output json: [{"claim": "claims/agreement", "score": 0.91}], the score as the protobuf JSON mapping writes it.</summary>
    public static JsonArray Json(IEnumerable<ClaimMatch> matches) => new(matches.Select(m => (JsonNode?)new JsonObject
    {
        ["claim"] = m.Claim.Name,
        ["score"] = double.Parse(m.Score.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
    }).ToArray());

    /// <summary>
    /// The tracked claims that likely say what <paramref name="text"/> says, best first; null when
    /// the service cannot tell (an older one, without MatchClaims), after a warning saying so.
    /// </summary>
    public async Task<IReadOnlyList<ClaimMatch>?> LikelyDuplicatesAsync(string text)
    {
        if (_cannotCheck)
        {
            return null;
        }

        var request = new MatchClaimsRequest { Text = text, PageSize = PageSize };
        MatchClaimsResponse response;
        try
        {
            response = await MatchAsync(request);
        }
        catch (Errors.ServiceCallException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            _cannotCheck = true;
            _context.Output.Note($"warning: the claims service cannot check for duplicates (UNIMPLEMENTED); {_without}");
            return null;
        }
        catch (Errors.ServiceCallException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // A text the service cannot match on (empty, too long) is one it does not store either, so
            // nothing stored can duplicate it; a create that follows refuses it, naming the claim's field.
            return [];
        }

        return response.Matches.Where(m => m.Score >= _threshold).ToList();
    }

    /// <summary>
    /// The answer, once the service has indexed every claim for meaning or the wait is over; the
    /// first check of a run waits, later ones take what they get (the run's own writes come after its checks).
    /// </summary>
    private async Task<MatchClaimsResponse> MatchAsync(MatchClaimsRequest request)
    {
        var claims = _context.Services.Claims;
        var response = await claims.MatchClaimsAsync(request, cancellationToken: _context.Cancel);
        if (_waited || response.UnindexedClaims == 0)
        {
            return response;
        }

        _waited = true;
        var time = _context.Host.Time;
        var timeout = _context.Services.Settings.Timeout;
        var until = time.GetUtcNow() + (IndexWait < timeout ? IndexWait : timeout);
        while (response.UnindexedClaims > 0 && time.GetUtcNow() < until)
        {
            await Task.Delay(Poll, time, _context.Cancel);
            response = await claims.MatchClaimsAsync(request, cancellationToken: _context.Cancel);
        }

        if (response.UnindexedClaims > 0)
        {
            _context.Output.Note(UnindexedNote(response.UnindexedClaims) + ", so the duplicate check may miss a claim said in other words");
        }

        return response;
    }
}

/// <summary>The options of the commands that check for duplicates before creating: the way past the check, and its threshold.</summary>
/// <param name="allow">"--allow-duplicate" for one claim, "--allow-duplicates" for many.</param>
internal sealed class DuplicateOptions(string allow = "--allow-duplicates")
{
    public Option<bool> Allow { get; } = new(allow) { Description = "Create even when a tracked claim likely says the same (skips the duplicate check)" };

    public Option<double?> Threshold { get; } = DuplicateCheck.ThresholdOption();

    public void AddTo(Command command) => command.AddOptions(Allow, Threshold);

    /// <summary>The check to make, or null with the way past it.</summary>
    /// <param name="without">What happens when the service cannot check, for the warning: "created without the check".</param>
    public DuplicateCheck? Check(CommandContext context, string without) =>
        context.Value(Allow) ? null : DuplicateCheck.For(context, Threshold, without);
}
