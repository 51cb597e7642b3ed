using System.Text;

namespace FactCheck.Cli.Output;

/// <summary>
/// Drops the spaces Spectre pads table cells with at the end of each line, so redirected output
/// has no trailing whitespace to trip up diff, grep or the docs tests' comparisons. Spaces are held back
/// until something other than a line break follows them.
/// </summary>
public sealed class TrailingSpaceTrimmer(TextWriter inner) : TextWriter
{
    private int _pendingSpaces;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        switch (value)
        {
            case ' ':
                _pendingSpaces++;
                return;
            case '\n':
            case '\r':
                _pendingSpaces = 0;
                inner.Write(value);
                return;
            default:
                if (_pendingSpaces > 0)
                {
                    inner.Write(new string(' ', _pendingSpaces));
                    _pendingSpaces = 0;
                }

                inner.Write(value);
                return;
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            Write(buffer[i]);
        }
    }

    public override void Flush() => inner.Flush();
}
