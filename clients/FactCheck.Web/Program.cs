using FactCheck.ServiceDefaults;
using FactCheck.Web;
using FactCheck.Web.Live;
using FactCheck.Web.Services;
using Microsoft.AspNetCore.Hosting;

// A start refused for its settings logs one line and exits with ServiceStartup.RefusedExitCode (78), as the services do.
return await ServiceStartup.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
    {
        builder.WebHost.UseUrls(builder.Configuration["FACTCHECK_WEB_URL"] is { Length: > 0 } url ? url : WebSettings.DefaultUrl);
    }

    builder.Logging.AddSimpleConsole(ServiceDefaultsExtensions.ConsoleFormat);
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
    builder.Services.AddValidatedSettings<WebSettings>(WebSettings.Section, s => s.Problems());
    builder.Services.AddServiceClients();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<StatusUpdates>();
    builder.Services.AddSingleton<LiveClaims>();
    builder.Services.AddScoped<ClaimPages>();
    builder.Services.AddRazorPages(o => o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(ServiceOutcomeFilter))));
    builder.Services.AddScoped<ServiceOutcomeFilter>();

    var app = builder.Build();
    // Every setting is checked before anything listens: a bad one refuses the start, naming itself.
    ServiceStartup.ValidateSettings(app.Services);
    if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebSettings>>().Value.PublishProblem((app.Configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) is { } published)
    {
        throw new InvalidOperationException(published);
    }

    ServiceStartup.TrackStart(app.Lifetime);

    app.UseReaderHeaders();
    app.UseExceptionHandler("/error/500");
    app.UseStatusCodePagesWithReExecute("/error/{0}");
    app.UseStaticFiles();
    app.MapGet("/", () => Results.Redirect("/claims"));
    app.MapClaimEvents();
    app.MapRazorPages();
    await app.RunAsync();
    return 0;
});
