using CameraBeheer.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CameraBeheer.Web.Backend;

/// <summary>The generated gRPC clients, each call carrying the bearer token of the person signed in.</summary>
public sealed class BackendClients
{
    public BackendClients(CallInvoker invoker, string? token)
    {
        var calls = token is null ? invoker : invoker.Intercept(metadata =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return metadata;
        });
        Accounts = new Accounts.AccountsClient(calls);
        Site = new Site.SiteClient(calls);
        Alerts = new Alerts.AlertsClient(calls);
        Cameras = new Cameras.CamerasClient(calls);
        Guests = new Guests.GuestsClient(calls);
        Residents = new Residents.ResidentsClient(calls);
        TimeOuts = new TimeOuts.TimeOutsClient(calls);
        Evacuation = new Evacuation.EvacuationClient(calls);
        Reports = new Reports.ReportsClient(calls);
        FootageRequests = new FootageRequests.FootageRequestsClient(calls);
        PoliceNotifications = new PoliceNotifications.PoliceNotificationsClient(calls);
        Retention = new Retention.RetentionClient(calls);
        Audit = new Audit.AuditClient(calls);
        EdgeAgents = new EdgeAgents.EdgeAgentsClient(calls);
    }

    public Accounts.AccountsClient Accounts { get; }
    public Site.SiteClient Site { get; }
    public Alerts.AlertsClient Alerts { get; }
    public Cameras.CamerasClient Cameras { get; }
    public Guests.GuestsClient Guests { get; }
    public Residents.ResidentsClient Residents { get; }
    public TimeOuts.TimeOutsClient TimeOuts { get; }
    public Evacuation.EvacuationClient Evacuation { get; }
    public Reports.ReportsClient Reports { get; }
    public FootageRequests.FootageRequestsClient FootageRequests { get; }
    public PoliceNotifications.PoliceNotificationsClient PoliceNotifications { get; }
    public Retention.RetentionClient Retention { get; }
    public Audit.AuditClient Audit { get; }
    public EdgeAgents.EdgeAgentsClient EdgeAgents { get; }
}
