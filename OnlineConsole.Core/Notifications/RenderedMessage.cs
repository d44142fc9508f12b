namespace OnlineConsole.Core.Notifications;

/// <summary>A message in one language: a title, plain text, Markdown (WeCom) and HTML (e-mail).</summary>
public sealed record RenderedMessage(string Title, string Text, string Markdown, string Html);
