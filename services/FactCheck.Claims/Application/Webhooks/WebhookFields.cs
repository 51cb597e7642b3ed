using FactCheck.Claims.Webhooks;
using FactCheck.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Application.Webhooks;

/// <summary>The webhook fields a caller sets, checked the same way by create and update.</summary>
public sealed class WebhookFields(IOptions<WebhookOptions> options, LimitSettings limits)
{
    public const string TargetUrl = "targetUrl";
    public const string Tag = "tag";
    public const string Description = "description";
    public const string EventTypes = "eventTypes";
    public const string Statuses = "statuses";
    public const string State = "state";

    /// <summary>The fields UpdateWebhook may change, by their domain keys.</summary>
    public static readonly IReadOnlySet<string> Updatable = new HashSet<string>(StringComparer.Ordinal) { TargetUrl, EventTypes, Statuses, Tag, Description, State };

    /// <summary>Checks <paramref name="settings"/>' fields named in <paramref name="fields"/> (all when null).</summary>
    public void Check(WebhookSettings settings, List<FieldViolation> violations, IReadOnlySet<string>? fields = null)
    {
        bool Checks(string field) => fields is null || fields.Contains(field);
        if (Checks(TargetUrl))
        {
            var allow = options.Value;
            violations.AddRange(WebhookTargets.Check(TargetUrl, settings.TargetUrl, allow.AllowHttp, allow.AllowPrivateTargets));
        }

        if (Checks(Tag) && settings.Filter.Tag is { } tag)
        {
            ClaimValidation.CheckTag(tag, limits.MaxTag, Tag, violations);
        }

        if (Checks(Description))
        {
            ClaimValidation.CheckText(settings.Description, WebhookLimits.MaxDescription, TextKind.Line, Description, violations);
        }
    }
}
