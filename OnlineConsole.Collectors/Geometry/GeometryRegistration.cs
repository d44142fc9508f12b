using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Collectors.Geometry;

public static class GeometryRegistration
{
    public static IServiceCollection AddDetectorGeometry(this IServiceCollection services) =>
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GeometryOptions>>().Value.Load());
}
