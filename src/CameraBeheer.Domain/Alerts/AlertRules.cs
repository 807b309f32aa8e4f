using System.Runtime.CompilerServices;
using CameraBeheer.Domain.Sites;
using CameraBeheer.Domain.WatchWindows;

namespace CameraBeheer.Domain.Alerts;

/// <summary>
/// The alert rules of one site with its watch-window calendar: which rules a zone, gate or camera has for a trigger, and
/// whether a rule holds at an instant. The grains ask it where the event is; it holds no state of its own.
/// </summary>
public sealed class AlertRules
{
    private static readonly ConditionalWeakTable<SiteConfiguration, AlertRules> BySite = new();

    private readonly Dictionary<string, AlertRule> _byId;
    private readonly WatchWindowCalendar? _calendar;

    private AlertRules(string siteId, IReadOnlyList<AlertRule> rules, WatchWindowCalendar? calendar, EscalationPolicy escalation, TimeSpan retention)
    {
        SiteId = siteId;
        All = rules;
        _byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _calendar = calendar;
        Escalation = escalation;
        Retention = retention;
    }

    /// <summary>No rules at all: for a grain whose site is not the configured one (or no site is configured).</summary>
    public static AlertRules None { get; } = new("", [], null, EscalationPolicy.Default, TimeSpan.FromDays(RetentionConfig.FourWeeks));

    public string SiteId { get; }

    public IReadOnlyList<AlertRule> All { get; }

    public EscalationPolicy Escalation { get; }

    /// <summary>How long resolved alerts are kept: the site's retention period, like footage.</summary>
    public TimeSpan Retention { get; }

    /// <summary>The rules of <paramref name="site"/> when <paramref name="siteId"/> is its id, otherwise <see cref="None"/>; built once per configuration.</summary>
    public static AlertRules For(SiteConfiguration? site, string siteId)
    {
        if (site is null || !string.Equals(site.Site.Id, siteId, StringComparison.Ordinal))
            return None;
        return BySite.GetValue(site, Build);
    }

    public AlertRule? Find(string ruleId) => _byId.GetValueOrDefault(ruleId);

    /// <summary>The rules with <paramref name="trigger"/> that are about <paramref name="place"/>, at any time.</summary>
    public IReadOnlyList<AlertRule> RulesFor(RuleTrigger trigger, string place) =>
        All.Where(rule => rule.Trigger == trigger && rule.AppliesTo(place)).ToList();

    /// <summary>The rules with <paramref name="trigger"/> about <paramref name="place"/> whose window holds at <paramref name="at"/>.</summary>
    public IReadOnlyList<AlertRule> Firing(RuleTrigger trigger, string place, DateTimeOffset at) =>
        All.Where(rule => rule.Trigger == trigger && rule.AppliesTo(place) && HoldsAt(rule, at)).ToList();

    /// <summary>True when the rule has no window, or its window is active at <paramref name="at"/> (in the site's local time and school calendar).</summary>
    public bool HoldsAt(AlertRule rule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Window is null || (_calendar?.IsActive(rule.Window, at) ?? false);
    }

    private static AlertRules Build(SiteConfiguration site) =>
        new(site.Site.Id, [.. site.Rules, .. WorkflowRules.All, .. TechnicalRules.All], new WatchWindowCalendar(site), site.Escalation, site.Retention.Period);
}
