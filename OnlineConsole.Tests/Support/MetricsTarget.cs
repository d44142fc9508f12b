using System.Globalization;
using System.Net;
using System.Text;

namespace OnlineConsole.Tests.Support;

/// <summary>A scrape target on a free 127.0.0.1 port serving one gauge in the Prometheus text format; the test sets its value.</summary>
public sealed class MetricsTarget : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _name;
    private readonly Task _serving;
    private double _value;

    public MetricsTarget(string name, double value)
    {
        _name = name;
        _value = value;
        Port = AppProcess.FreeTcpPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public double Value
    {
        get => Volatile.Read(ref _value);
        set => Volatile.Write(ref _value, value);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var text = $"# TYPE {_name} gauge\n{_name} {Value.ToString(CultureInfo.InvariantCulture)}\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
