namespace CameraBeheer.Domain.Tests.Alerts;

public sealed class WorkflowRuleTests
{
    [Fact]
    public void Every_site_has_the_built_in_deadline_rules_beside_its_own()
    {
        var site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
        var rules = AlertRules.For(site, site.Site.Id);

        foreach (var builtIn in WorkflowRules.All)
            Assert.Same(builtIn, rules.Find(builtIn.Id));
        Assert.NotNull(rules.Find("poort-geforceerd"));
    }

    [Fact]
    public void A_deadline_rule_is_about_any_workflow_item_and_is_a_workflow_alert()
    {
        var rule = WorkflowRules.FootageRequestUnreviewed;

        Assert.True(rule.AppliesTo("fr-2026-0a1b2c3d4e5f"));
        Assert.Equal((AlertPlaceKind.Workflow, AlertCategory.Workflow, "deadline"), (rule.PlaceKind, rule.Category, rule.Trigger.Word()));
    }

    [Fact]
    public void Built_in_rule_ids_are_unique_and_valid_ids()
    {
        Assert.Equal(WorkflowRules.All.Count, WorkflowRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(WorkflowRules.All, r => Assert.True(Ids.IsValid(r.Id), r.Id));
    }

    [Fact]
    public void Every_site_has_the_built_in_edge_agent_rules_high_technical_and_about_an_agent()
    {
        var site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);
        var rules = AlertRules.For(site, site.Site.Id);

        Assert.Equal(["edge-offline", "edge-dropped", "edge-disk-full"], TechnicalRules.All.Select(r => r.Id));
        foreach (var builtIn in TechnicalRules.All)
        {
            Assert.Same(builtIn, rules.Find(builtIn.Id));
            Assert.True(builtIn.AppliesTo("edge"));
            Assert.Equal((AlertPlaceKind.Agent, AlertCategory.Technical, "edge-agent"), (builtIn.PlaceKind, builtIn.Category, builtIn.Trigger.Word()));
        }
        Assert.Equal(AlertPriority.High, TechnicalRules.EdgeOffline.Priority);
    }
}
