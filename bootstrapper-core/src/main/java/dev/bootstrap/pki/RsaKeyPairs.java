package dev.bootstrap.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * RSA key pairs (e = 65537, two primes of half the modulus size each), made as FIPS 186-5 asks:
 * primes with their top two bits set so n has exactly the requested size, Miller-Rabin rounds per its
 * table B.1, |p - q| > 2^(bits/2 - 100), d = e^-1 mod lcm(p-1, q-1) and d > 2^(bits/2), and a pairwise
 * consistency check of the result.
 * <p>
 * Why not the JDK's generator: its prime test adds a Lucas-Lehmer test whose BigInteger divisions cost
 * more than the Miller-Rabin rounds in a fresh JVM (a CLI run); this one sieves a window of candidates
 * with the primes below 2^16 and tests the survivors with Miller-Rabin only: about a third less CPU for
 * the 16 keys of a cluster (docs/benchmarks.md).
 */
final class RsaKeyPairs {

    private static final BigInteger E = BigInteger.valueOf(65537);
    /** The odd primes below 2^16, and them multiplied together in groups below 2^31 (one division per group). */
    private static final int[] SMALL_PRIMES = smallPrimes(1 << 16);
    private static final int[] GROUP_OF = new int[SMALL_PRIMES.length];
    private static final long[] GROUPS = groups();
    /** Odd candidates per sieved window: primes of 1024 bits and more lie ~710 apart on average. */
    private static final int WINDOW = 1 << 13;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RsaKeyPairs() {
    }

    static KeyPair generate(int bits) {
        return generate(bits, RANDOM);
    }

    static KeyPair generate(int bits, SecureRandom random) {
        int primeBits = bits / 2;
        BigInteger minDistance = BigInteger.ONE.shiftLeft(primeBits - 100);
        BigInteger minD = BigInteger.ONE.shiftLeft(primeBits);
        while (true) {
            BigInteger p = prime(primeBits, random);
            BigInteger q = prime(primeBits, random);
            if (p.subtract(q).abs().compareTo(minDistance) <= 0) {
                continue;
            }
            if (p.compareTo(q) < 0) {
                BigInteger t = p;
                p = q;
                q = t;
            }
            BigInteger p1 = p.subtract(BigInteger.ONE);
            BigInteger q1 = q.subtract(BigInteger.ONE);
            BigInteger lambda = p1.divide(p1.gcd(q1)).multiply(q1);
            BigInteger d = E.modInverse(lambda);
            if (d.compareTo(minD) <= 0) {
                continue;
            }
            BigInteger n = p.multiply(q);
            RSAPrivateCrtKeySpec priv = new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p));
            checkPair(priv, random);
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(n, E)), rsa.generatePrivate(priv));
            } catch (GeneralSecurityException e) {
                throw new PkiException("cannot make an RSA-" + bits + " key: " + e.getMessage(), e);
            }
        }
    }

    /** A probable prime of exactly {@code bits} bits with its top two bits set, e coprime to p - 1. */
    static BigInteger prime(int bits, SecureRandom random) {
        int rounds = millerRabinRounds(bits);
        while (true) {
            BigInteger base = new BigInteger(bits, random).setBit(bits - 1).setBit(bits - 2).setBit(0);
            boolean[] composite = sieve(base);
            for (int i = 0; i < WINDOW; i++) {
                if (composite[i]) {
                    continue;
                }
                BigInteger candidate = base.add(BigInteger.valueOf(2L * i));
                // gcd(e, p - 1) = 1: e is prime, so p must not be 1 mod e.
                if (candidate.bitLength() == bits && !candidate.mod(E).equals(BigInteger.ONE)
                        && passesMillerRabin(candidate, rounds, random)) {
                    return candidate;
                }
            }
        }
    }

    /** composite[i]: base + 2i has an odd prime factor below 2^16 (base odd); the window is {@link #WINDOW} long. */
    static boolean[] sieve(BigInteger base) {
        // base mod each group by Horner's rule over its 32-bit words: r * 2^32 + word stays below 2^63 as
        // every group is below 2^31 (BigInteger.mod for each would allocate and divide thousands of times).
        byte[] bytes = base.toByteArray();
        long[] groupResidues = new long[GROUPS.length];
        for (int i = bytes.length % 4 == 0 ? 0 : bytes.length % 4 - 4; i < bytes.length; i += 4) {
            long word = 0;
            for (int b = i; b < i + 4; b++) {
                word = (word << 8) | (b < 0 ? 0 : bytes[b] & 0xff);
            }
            for (int g = 0; g < GROUPS.length; g++) {
                groupResidues[g] = ((groupResidues[g] << 32) + word) % GROUPS[g];
            }
        }
        boolean[] composite = new boolean[WINDOW];
        for (int k = 0; k < SMALL_PRIMES.length; k++) {
            int prime = SMALL_PRIMES[k];
            long r = groupResidues[GROUP_OF[k]] % prime;
            // The first i with base + 2i = 0 (mod prime): i = -r / 2 = (prime - r) * (prime + 1) / 2 (mod prime).
            for (int i = (int) ((prime - r) * ((prime + 1) / 2) % prime); i < WINDOW; i += prime) {
                composite[i] = true;
            }
        }
        return composite;
    }

    /** FIPS 186-5 table B.1 (error probability 2^-100 for 1024-bit primes, 2^-112 and more above). */
    private static int millerRabinRounds(int bits) {
        return bits >= 1536 ? 4 : 5;
    }

    private static boolean passesMillerRabin(BigInteger n, int rounds, SecureRandom random) {
        BigInteger n1 = n.subtract(BigInteger.ONE);
        int s = n1.getLowestSetBit();
        BigInteger m = n1.shiftRight(s);
        for (int k = 0; k < rounds; k++) {
            BigInteger a;
            do {
                a = new BigInteger(n.bitLength(), random);
            } while (a.compareTo(BigInteger.ONE) <= 0 || a.compareTo(n1) >= 0);
            BigInteger x = a.modPow(m, n);
            if (x.equals(BigInteger.ONE) || x.equals(n1)) {
                continue;
            }
            boolean witnessFails = false;
            for (int j = 1; j < s && !witnessFails; j++) {
                x = x.multiply(x).mod(n);
                if (x.equals(BigInteger.ONE)) {
                    return false;
                }
                witnessFails = x.equals(n1);
            }
            if (!witnessFails) {
                return false;
            }
        }
        return true;
    }

    /** (m^e)^d = m for a random m, through the CRT values as a signer uses them. */
    private static void checkPair(RSAPrivateCrtKeySpec k, SecureRandom random) {
        BigInteger m = new BigInteger(k.getModulus().bitLength() - 1, random);
        BigInteger c = m.modPow(k.getPublicExponent(), k.getModulus());
        BigInteger m1 = c.modPow(k.getPrimeExponentP(), k.getPrimeP());
        BigInteger m2 = c.modPow(k.getPrimeExponentQ(), k.getPrimeQ());
        BigInteger h = k.getCrtCoefficient().multiply(m1.subtract(m2)).mod(k.getPrimeP());
        if (!m2.add(h.multiply(k.getPrimeQ())).equals(m)) {
            throw new PkiException("an RSA key pair made here failed its consistency check; nothing was written");
        }
    }

    private static int[] smallPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int[] found = new int[limit / 2];
        int n = 0;
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                found[n++] = i;
                for (long j = (long) i * i; j < limit; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    private static long[] groups() {
        long[] out = new long[SMALL_PRIMES.length];
        int n = 0;
        long product = 1;
        for (int k = 0; k < SMALL_PRIMES.length; k++) {
            if (product * SMALL_PRIMES[k] >= Integer.MAX_VALUE) {
                out[n++] = product;
                product = 1;
            }
            product *= SMALL_PRIMES[k];
            GROUP_OF[k] = n;
        }
        out[n++] = product;
        return java.util.Arrays.copyOf(out, n);
    }
}
