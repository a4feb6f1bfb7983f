using Blog.Identity;
using Blog.Identity.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapUsersApi();
app.MapProfilesApi();
app.MapAdminApi();
app.MapDiscoveryApi();
app.Run();
