package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

class X509TimeTest {

    /** The hand-made encoding is byte for byte BouncyCastle's (SimpleDateFormat-based) one. */
    @Test
    void validityTimesEncodeAsBouncyCastleEncodesThem() throws Exception {
        for (String at : List.of("2026-11-22T21:40:17.987Z", "1949-12-31T23:59:59Z", "1950-01-01T00:00:00Z",
                "1999-06-30T12:00:00.5Z", "2049-12-31T23:59:59.999Z", "2050-01-01T00:00:00Z", "2126-02-03T04:05:06Z",
                "9999-12-31T23:59:59Z")) {
            Instant instant = Instant.parse(at);
            assertArrayEquals(new Time(Date.from(instant)).getEncoded(), X509Builder.time(instant).getEncoded(), at);
        }
    }
}
