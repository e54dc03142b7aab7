using Agora.Web.Components;
using Agora.Web.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Agora.Web.Hosting;

/// <summary>Builds the Agora web host. Used by <c>agora serve</c> and by the tests, so both run the same application.</summary>
public static class AgoraWebApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(AgoraWebApplication).Assembly.GetName().Name,
        });
        // Request-level framework logs are noise and may carry query strings; our own events are source-generated.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        configure?.Invoke(builder);

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(AgoraWebApplication).Assembly, "Agora.Web.wwwroot"),
        });
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthEndpoints();
        app.MapRazorComponents<App>();
        return app;
    }
}
