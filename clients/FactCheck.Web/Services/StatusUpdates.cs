using System.Text.Json;
using FactCheck.Client;
using FactCheck.Contracts.V1;
using Microsoft.Extensions.Options;

namespace FactCheck.Web.Services;

/// <summary>
/// What a claim page's status badge shows, and its ClaimReview JSON-LD: rendered into the page,
/// and sent to the open page as it changes (the events endpoint), from this one place.
/// </summary>
/// <param name="Status">The status's name, "PENDING".</param>
/// <param name="Detail">The status detail, "confirmed by Washington; awaiting Baghdad" ("" for none).</param>
/// <param name="ClaimReview">The page's ClaimReview JSON-LD, or null while the claim has no verdict.</param>
public sealed record StatusUpdate(string Status, string Detail, string? ClaimReview)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed class StatusUpdates(IOptions<WebSettings> settings)
{
    /// <summary>JSON that can stand inside an HTML script element: the default encoder, named so no one swaps it for a relaxed one.</summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public StatusUpdate Of(Claim claim) => new(StatusNames.Of(claim.Status), claim.StatusDetail, ReviewOf(claim));

    /// <summary>
    /// The claim as schema.org ClaimReview JSON-LD, built by the mapping `factcheck export` uses,
    /// once the claim has a verdict; null before. The page writes it raw inside a script element:
    /// <see cref="ScriptSafe"/> escapes &lt;, &gt; and &amp; (a claim's text saying
    /// "&lt;/script&gt;" stays "\u003C/script"), so nothing in it can end the element.
    /// </summary>
    public string? ReviewOf(Claim claim)
    {
        if (!ClaimReview.HasVerdict(claim.Status))
        {
            return null;
        }

        var value = settings.Value;
        return ClaimReview.Document([claim], value.Reviewer, value.ClaimUrlBase()).ToJsonString(ScriptSafe);
    }
}
