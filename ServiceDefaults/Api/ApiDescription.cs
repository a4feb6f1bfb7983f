using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Blog.ServiceDefaults.Api;

/// <summary>
/// Each service describes its own routes (OpenAPI 3.1, Microsoft.AspNetCore.OpenApi) at `DocumentPath`; the
/// gateway merges them into the one public document. What every route shares is added here once: the
/// `Token` scheme on routes that need a sign-in, and the RealWorld error answers (401, 403, 404).
/// </summary>
public static class ApiDescription
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string TokenScheme = "Token";

    public static IHostApplicationBuilder AddApiDescription(this IHostApplicationBuilder builder)
    {
        var service = builder.Environment.ApplicationName;
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = $"Blog {service} API", Version = "1" };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "`Token <jwt>` (as RealWorld clients send it) or `Bearer <jwt>`: the token of `POST /api/users/login`, `POST /api/users` or `GET /api/user`.",
                };
                // `MapGroup("/api/users").MapPost("/")` is `/api/users` to a client.
                var paths = document.Paths.ToList();
                document.Paths.Clear();
                foreach (var (path, item) in paths) document.Paths[path.Length > 1 ? path.TrimEnd('/') : path] = item;
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var errors = await context.GetOrCreateSchemaAsync(typeof(ErrorsEnvelope), null, cancellationToken);
                operation.Responses ??= new OpenApiResponses();
                var authorization = metadata.OfType<IAuthorizeData>().ToList();
                var namesResource = context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
                if (authorization.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, context.Document)] = [] }];
                    AddError(operation, StatusCodes.Status401Unauthorized, "No token, or one that is invalid, expired or revoked (`errors.token`).", errors);
                    if (authorization.Any(a => a.Policy is not null || a.Roles is not null))
                        AddError(operation, StatusCodes.Status403Forbidden, "The account lacks the role this route needs.", errors);
                    // A change to a resource the route names last (`PUT /api/articles/{slug}`) may be someone else's.
                    else if (context.Description.RelativePath?.TrimEnd('/').EndsWith('}') == true && context.Description.HttpMethod is "PUT" or "DELETE")
                        AddError(operation, StatusCodes.Status403Forbidden, "Someone else's (`errors.<resource>`: `forbidden`; `detail` says which rule).", errors);
                }
                if (namesResource)
                    AddError(operation, StatusCodes.Status404NotFound, "Nothing has that name (`errors.<resource>`: `not found`).", errors);
            });
        });
        return builder;
    }

    static void AddError(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }

    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
