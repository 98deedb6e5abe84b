using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Alliance.Hosting;

/// <summary>Endpoint role requirements that are not one of the named policies.</summary>
public static class RoleRequirements
{
    /// <summary>
    /// A representative of a member (member, member-admin) or the secretariat. Reviewers belong to a member too, but
    /// their credential only reviews certifications (README's role table): it never acts for its member.
    /// </summary>
    public static TBuilder RequireMemberOrSecretariat<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Member},{Roles.MemberAdmin},{Roles.Secretariat}" });
}
