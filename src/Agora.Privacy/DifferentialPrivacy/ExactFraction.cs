using System.Globalization;
using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>An exact non-negative rational number, so the samplers never round (Mironov's floating-point attack).</summary>
public readonly record struct ExactFraction
{
    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>.</summary>
    public ExactFraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        }
        if (numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "Only non-negative fractions are used by the samplers.");
        }
        Numerator = numerator;
        Denominator = denominator;
    }

    /// <summary>The numerator (≥ 0).</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator (&gt; 0).</summary>
    public BigInteger Denominator { get; }

    /// <summary>The largest integer not above the value.</summary>
    public BigInteger Floor => BigInteger.Divide(Numerator, Denominator);

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => Numerator.IsZero;

    /// <summary>The exact value of a finite, non-negative double (every double is a dyadic rational).</summary>
    public static ExactFraction FromDouble(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Expected a finite, non-negative number.");
        }
        if (value == 0)
        {
            return new ExactFraction(BigInteger.Zero, BigInteger.One);
        }
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent -= 1075;
        while ((mantissa & 1) == 0 && exponent < 0)
        {
            mantissa >>= 1;
            exponent++;
        }
        return exponent >= 0
            ? new ExactFraction(new BigInteger(mantissa) << exponent, BigInteger.One)
            : new ExactFraction(new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    /// <summary>An integer as a fraction.</summary>
    public static ExactFraction FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>This value divided by a positive integer.</summary>
    public ExactFraction DivideBy(BigInteger divisor) => new(Numerator, Denominator * divisor);

    /// <summary>This value minus its integer part.</summary>
    public ExactFraction FractionalPart => new(Numerator - (Floor * Denominator), Denominator);

    /// <summary>Multiplication.</summary>
    public static ExactFraction operator *(ExactFraction left, ExactFraction right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    /// <summary>Division by a non-zero fraction.</summary>
    public static ExactFraction operator /(ExactFraction left, ExactFraction right) =>
        right.IsZero ? throw new DivideByZeroException() : new(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    /// <summary>Same as the division operator.</summary>
    public static ExactFraction Divide(ExactFraction left, ExactFraction right) => left / right;

    /// <summary>Same as the multiplication operator.</summary>
    public static ExactFraction Multiply(ExactFraction left, ExactFraction right) => left * right;

    /// <summary>The nearest double (for reports only; never for sampling).</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator is var quick && double.IsFinite(quick)
        ? quick
        : Math.Exp(BigInteger.Log(Numerator) - BigInteger.Log(Denominator));

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
