using System.Diagnostics;

namespace OnlineConsole.Tests.Notifications;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 that requires STARTTLS (a self-signed certificate
/// made with openssl) and AUTH (user "console", password "s3cret"), and writes every accepted mail to a folder.
/// </summary>
public sealed class SmtpSinkServer : IAsyncDisposable
{
    public const string User = "console";
    public const string Password = "s3cret";

    private const string Script = """
        import os, signal, ssl, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
        port, out, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        class Handler:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(out, "%04d.eml" % len(os.listdir(out)))
                with open(name + ".tmp", "wb") as f:
                    f.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
                    f.write(envelope.content)
                os.rename(name + ".tmp", name)
                return "250 OK"
        def authenticate(server, session, envelope, mechanism, data):
            return AuthResult(success=isinstance(data, LoginPassword) and data.login == b"console" and data.password == b"s3cret")
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        c = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=True,
                       authenticator=authenticate, auth_required=True, auth_require_tls=True)
        c.start()
        print("ready", flush=True)
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
        c.stop()
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("oc-smtp-").FullName;
    private Process? _process;

    public int Port { get; } = Support.AppProcess.FreeTcpPort();
    public string MailDirectory => Path.Combine(_dir, "mail");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(MailDirectory);
        var script = Path.Combine(_dir, "smtp.py");
        await File.WriteAllTextAsync(script, Script);
        var cert = Path.Combine(_dir, "cert.pem");
        var key = Path.Combine(_dir, "key.pem");
        using (var openssl = Process.Start(new ProcessStartInfo("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
                   { RedirectStandardError = true, RedirectStandardOutput = true })!)
            await openssl.WaitForExitAsync();
        _process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), MailDirectory, cert, key])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _process.StandardOutput.ReadLineAsync(cts.Token);
        if (line != "ready") throw new InvalidOperationException("aiosmtpd did not start: " + await _process.StandardError.ReadToEndAsync(cts.Token));
    }

    public IReadOnlyList<string> Mails() => [.. Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
