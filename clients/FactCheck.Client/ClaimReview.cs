using System.Globalization;
using System.Text.Json.Nodes;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Client;

/// <summary>
/// Claims as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview), the form other
/// fact-checking tools and search engines read: `factcheck export --format claimreview` writes it
/// and the claim pages (FactCheck.Web) embed it, from this one mapping. The mapping is documented
/// in docs/cli.md ("ClaimReview mapping"); keep both in step.
/// </summary>
public static class ClaimReview
{
    public const int BestRating = 5;
    public const int WorstRating = 1;

    /// <summary>Each status as a rating on the 1 (worst) to 5 (best) scale, with its textual name.</summary>
    public static (int Value, string Name) Rating(ClaimStatus status) => status switch
    {
        ClaimStatus.Confirmed => (5, "Confirmed"),
        ClaimStatus.Pending => (3, "Pending confirmation"),
        ClaimStatus.Unverified => (3, "Unverified"),
        ClaimStatus.Disputed => (2, "Disputed"),
        ClaimStatus.Overdue => (2, "Overdue: not confirmed by its due date"),
        ClaimStatus.Retracted => (1, "Retracted"),
        ClaimStatus.Refuted => (1, "False"),
        _ => (3, "Unverified"),
    };

    /// <summary>
    /// Whether a claim in <paramref name="status"/> has a verdict to publish (confirmed, disputed,
    /// refuted, retracted): the claims a page carries a ClaimReview for. Every status has a rating,
    /// so the export still writes the others.
    /// </summary>
    public static bool HasVerdict(ClaimStatus status) =>
        status is ClaimStatus.Confirmed or ClaimStatus.Disputed or ClaimStatus.Refuted or ClaimStatus.Retracted;

    /// <param name="reviewer">Who publishes the reviews (ClaimReview.author).</param>
    /// <param name="reviewUrlBase">When given, each review's url is this followed by the claim id.</param>
    public static JsonObject Document(IEnumerable<Claim> claims, string reviewer, string? reviewUrlBase) => new()
    {
        ["@context"] = "https://schema.org",
        ["@graph"] = new JsonArray(claims.Select(c => (JsonNode?)Review(c, reviewer, reviewUrlBase)).ToArray()),
    };

    public static JsonObject Review(Claim claim, string reviewer, string? reviewUrlBase)
    {
        var (value, name) = Rating(claim.Status);
        var rating = new JsonObject
        {
            ["@type"] = "Rating",
            ["ratingValue"] = value,
            ["bestRating"] = BestRating,
            ["worstRating"] = WorstRating,
            ["alternateName"] = name,
        };
        if (claim.StatusDetail.Length > 0)
        {
            rating["ratingExplanation"] = claim.StatusDetail;
        }

        var item = new JsonObject { ["@type"] = "Claim" };
        if (claim.Speaker.Length > 0)
        {
            // The claims service does not record whether a speaker is a person or a body; schema.org
            // and the consumers of ClaimReview accept Person for attributions such as "an unnamed official".
            item["author"] = new JsonObject { ["@type"] = "Person", ["name"] = claim.Speaker };
        }

        item["appearance"] = new JsonArray(claim.Sources.Select(s => (JsonNode?)Appearance(s)).ToArray());
        var published = claim.Sources.Where(s => s.PublishedTime is not null).Select(s => s.PublishedTime.ToDateTimeOffset()).ToList();
        if (published.Count > 0)
        {
            item["datePublished"] = Date(published.Min());
        }

        var review = new JsonObject
        {
            ["@type"] = "ClaimReview",
            ["identifier"] = claim.Name,
        };
        if (reviewUrlBase is not null)
        {
            review["url"] = reviewUrlBase + ClaimIds.Of(claim.Name);
        }

        review["claimReviewed"] = claim.Text;
        review["itemReviewed"] = item;
        review["reviewRating"] = rating;
        review["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = reviewer };
        if (claim.UpdateTime is not null)
        {
            review["datePublished"] = Date(claim.UpdateTime.ToDateTimeOffset());
        }

        if (claim.CreateTime is not null)
        {
            review["dateCreated"] = Time(claim.CreateTime);
        }

        if (claim.Language.Length > 0)
        {
            review["inLanguage"] = claim.Language;
        }

        if (claim.Tags.Count > 0)
        {
            review["keywords"] = string.Join(",", claim.Tags);
        }

        return review;
    }

    private static JsonObject Appearance(Source source)
    {
        var work = new JsonObject { ["@type"] = "CreativeWork", ["url"] = source.Url };
        if (source.Title.Length > 0)
        {
            work["headline"] = source.Title;
        }

        if (source.Publisher.Length > 0)
        {
            work["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = source.Publisher };
        }

        if (source.PublishedTime is not null)
        {
            work["datePublished"] = Time(source.PublishedTime);
        }

        if (source.Quote.Length > 0)
        {
            work["text"] = source.Quote;
        }

        return work;
    }

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(Timestamp time) => time.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
