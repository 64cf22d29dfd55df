// Tiny HTTP service used as a slimfile demo input: an ASP.NET Core minimal API.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "hello from dotnet\n");
app.MapGet("/healthz", () => "ok\n");

// Listen on every interface, as a container must; the port matches the Dockerfile's EXPOSE.
app.Run("http://0.0.0.0:8080");
