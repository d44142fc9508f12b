namespace OnlineConsole.Core.Live;

/// <summary>Options that can list every problem at once, each naming its setting (e.g. "Simulator:Seed ...").</summary>
public interface IValidatableOptions
{
    IEnumerable<string> Validate();
}
