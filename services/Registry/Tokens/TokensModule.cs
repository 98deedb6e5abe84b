namespace Alliance.Registry.Tokens;

/// <summary>The built-in OAuth 2.0 issuer: signing keys, client credentials, the token endpoint and discovery.</summary>
public static class TokensModule
{
    public static WebApplicationBuilder AddTokenIssuer(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddSingleton(SigningKeys.Schema);
        builder.Services.AddSingleton(ClientCredentials.Schema);
        builder.Services.AddSingleton<SecretHasher>();
        builder.Services.AddSingleton<ClientLockout>();
        builder.Services.AddSingleton(ClientLockout.Schema);
        foreach (var expiry in ClientLockout.Expiries(builder.Configuration)) builder.Services.AddSingleton(expiry);
        builder.Services.AddHostedService<ProtectPlainSigningKeys>();
        builder.Services.AddHostedService<SecretariatBootstrap>();
        return builder;
    }

    public static WebApplication MapTokenIssuer(this WebApplication app)
    {
        TokenEndpoint.Map(app);
        Discovery.Map(app);
        ListLockouts.Map(app);
        LiftLockout.Map(app);
        return app;
    }
}
