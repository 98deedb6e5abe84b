using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Account;

/// <summary>Signs a member in with its platform credentials (client id and secret), exchanged at the token endpoint.</summary>
public sealed class SignInModel(IHttpClientFactory clients, IConfiguration config, Api.RegistryApi registry, Text text) : PortalPage(text)
{
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool External => Portal.SignIn.OidcConfigured(config);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ClientId)) ModelState.AddModelError(nameof(ClientId), T["err.required"]);
        if (string.IsNullOrWhiteSpace(ClientSecret)) ModelState.AddModelError(nameof(ClientSecret), T["err.required"]);
        if (!ModelState.IsValid) return Page();
        Portal.SignIn.Exchanged? exchanged;
        try
        {
            exchanged = await Portal.SignIn.Exchange(clients.CreateClient("token"), ClientId!.Trim(), ClientSecret!.Trim(), ct);
        }
        catch (Portal.SignIn.Throttled throttled)
        {
            ModelState.AddModelError(nameof(ClientSecret), string.Format(T["signin.throttled"], throttled.RetryAfterSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString();
            return Page();
        }
        if (exchanged is null)
        {
            ModelState.AddModelError(nameof(ClientSecret), T["signin.refused"]);
            return Page();
        }
        // Show whom the credential acts for: the member's name (the directory is public), or the secretariat.
        var principal = exchanged.Principal;
        var name = principal.IsSecretariat() ? T["signin.secretariat"]
            : principal.MemberId() is { } member ? (await registry.Member(member, ct))?.Name : null;
        if (name is not null && principal.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.RemoveClaim(identity.FindFirst(System.Security.Claims.ClaimTypes.Name));
            identity.AddClaim(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, name));
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, exchanged.Principal,
            new AuthenticationProperties { ExpiresUtc = exchanged.ExpiresAt, IsPersistent = false });
        return LocalRedirect(ReturnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : "/workspace");
    }
}
