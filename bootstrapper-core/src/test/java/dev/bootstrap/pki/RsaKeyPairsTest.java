package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our RSA key pairs against the number theory they promise, and against openssl's own key check. */
class RsaKeyPairsTest {

    @Test
    void aKeyPairHasTheSizeExponentPrimesAndCrtValuesItPromises() throws Exception {
        for (int bits : new int[] {2048, 3072}) {
            KeyPair pair = RsaKeyPairs.generate(bits);
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
            BigInteger p = k.getPrimeP();
            BigInteger q = k.getPrimeQ();
            BigInteger one = BigInteger.ONE;
            assertEquals(bits, k.getModulus().bitLength(), "modulus size");
            assertEquals(k.getModulus(), ((RSAPublicKey) pair.getPublic()).getModulus());
            assertEquals(BigInteger.valueOf(65537), k.getPublicExponent());
            assertEquals(k.getModulus(), p.multiply(q));
            assertTrue(p.isProbablePrime(100) && q.isProbablePrime(100), "p and q are prime");
            assertEquals(bits / 2, p.bitLength());
            assertEquals(bits / 2, q.bitLength());
            assertTrue(p.testBit(bits / 2 - 2) && q.testBit(bits / 2 - 2), "top two bits set");
            assertTrue(p.subtract(q).abs().bitLength() > bits / 2 - 100, "|p - q| > 2^(bits/2 - 100)");
            BigInteger p1 = p.subtract(one);
            BigInteger q1 = q.subtract(one);
            BigInteger lambda = p1.divide(p1.gcd(q1)).multiply(q1);
            assertEquals(one, k.getPrivateExponent().multiply(k.getPublicExponent()).mod(lambda), "d e = 1 mod lcm");
            assertTrue(k.getPrivateExponent().bitLength() > bits / 2, "d > 2^(bits/2)");
            assertEquals(k.getPrivateExponent().mod(p1), k.getPrimeExponentP());
            assertEquals(k.getPrivateExponent().mod(q1), k.getPrimeExponentQ());
            assertEquals(one, k.getCrtCoefficient().multiply(q).mod(p), "qInv q = 1 mod p");
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update("kubeadm".getBytes());
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(pair.getPublic());
            verifier.update("kubeadm".getBytes());
            assertTrue(verifier.verify(sig), "a signature verifies");
        }
    }

    @Test
    void opensslChecksTheKeyAsValid(@TempDir Path dir) throws Exception {
        Requirements.requireTool("openssl");
        for (int i = 0; i < 3; i++) {
            Path key = dir.resolve("k" + i + ".key");
            Files.write(key, Pem.encodePrivateKey(KeyAlgorithm.RSA_2048.generate()));
            Tool.Result r = Tool.run(dir, "openssl", "rsa", "-check", "-noout", "-in", key.toString());
            assertTrue(r.ok() && r.out().contains("RSA key ok"), r.all());
        }
    }

    @Test
    void theSieveMarksExactlyTheCandidatesWithASmallFactor() {
        Random random = new Random(42);
        BigInteger smallProduct = BigInteger.ONE;
        for (int p = 3; p < 1 << 16; p += 2) {
            if (BigInteger.valueOf(p).isProbablePrime(50)) {
                smallProduct = smallProduct.multiply(BigInteger.valueOf(p));
            }
        }
        for (int round = 0; round < 5; round++) {
            BigInteger base = new BigInteger(96, random).setBit(95).setBit(0);
            boolean[] composite = RsaKeyPairs.sieve(base);
            for (int i = 0; i < composite.length; i++) {
                BigInteger c = base.add(BigInteger.valueOf(2L * i));
                boolean smallFactor = !c.gcd(smallProduct).equals(BigInteger.ONE);
                assertEquals(smallFactor, composite[i], c + " at " + i);
            }
        }
    }

    @Test
    void primesHaveExactlyTheBitsAskedForWithTheTopTwoSet() {
        SecureRandom random = new SecureRandom();
        for (int bits : new int[] {128, 256, 512}) {
            for (int i = 0; i < 5; i++) {
                BigInteger p = RsaKeyPairs.prime(bits, random);
                assertEquals(bits, p.bitLength());
                assertTrue(p.testBit(bits - 2));
                assertTrue(p.isProbablePrime(100), p + " is prime");
                assertFalse(p.mod(BigInteger.valueOf(65537)).equals(BigInteger.ONE), "e divides p - 1");
            }
        }
    }
}
