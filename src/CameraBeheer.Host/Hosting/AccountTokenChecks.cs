using CameraBeheer.Contracts.Auth;
using CameraBeheer.Contracts.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CameraBeheer.Host.Hosting;

/// <summary>
/// After a local token's signature and lifetime are checked: a token that names an account (<c>sub</c>) is asked about
/// at the accounts grain on every call, so a disabled user, a signed-out token or a token from before a password reset
/// is refused at once. The administrator's bootstrap tokens name no account and are not asked about.
/// </summary>
public sealed class AccountTokenChecks(IGrainFactory grains, SiteConfiguration site, ILogger<AccountTokenChecks> logger)
{
    public async Task CheckAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        var login = principal?.FindFirst(TokenContract.SubjectClaim)?.Value;
        if (principal is null || login is null) return;

        var tokenId = principal.FindFirst(TokenContract.TokenIdClaim)?.Value;
        if (tokenId is null || !long.TryParse(principal.FindFirst(TokenContract.IssuedAtClaim)?.Value, out var issuedAt))
        {
            context.Fail("an account token without id or issue time");
            return;
        }
        var check = await grains.GetGrain<IAccountsGrain>(site.Site.Id).CheckTokenAsync(login, tokenId, DateTimeOffset.FromUnixTimeSeconds(issuedAt));
        if (check == TokenCheck.Valid) return;
        logger.LogInformation("Refused token {TokenId} of {Login}: {Check}", Printable.Excerpt(tokenId, 40), Printable.Excerpt(login, 64), check);
        context.Fail($"the session has ended ({check})");
    }
}
