package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpie.client.service.smack.internal.ScramClient;
import org.magpie.client.service.smack.internal.ScramClient.ScramException;

/** SCRAM-SHA-256 against the example exchange of RFC 7677 §3. */
class ScramClientTest {

    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    @Test
    void theRfc7677ExampleExchange() throws Exception {
        ScramClient scram = new ScramClient(ScramClient.SHA_256, "user", "pencil", CLIENT_NONCE);
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", scram.clientFirstMessage());
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", scram.clientFinalMessage(SERVER_FIRST));
        assertFalse(scram.verified());
        scram.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertTrue(scram.verified());
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsCaught() throws Exception {
        ScramClient scram = new ScramClient(ScramClient.SHA_256, "user", "pencil", CLIENT_NONCE);
        scram.clientFirstMessage();
        scram.clientFinalMessage(SERVER_FIRST);
        assertThrows(ScramException.class, () -> scram.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        assertThrows(ScramException.class, () -> scram.verifyServerFinal("e=other-error"));
        assertFalse(scram.verified());
    }

    @Test
    void badServerFirstMessagesAreRefused() {
        ScramClient scram = new ScramClient(ScramClient.SHA_256, "user", "pencil", CLIENT_NONCE);
        scram.clientFirstMessage();
        assertThrows(ScramException.class, () -> scram.clientFinalMessage("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThrows(ScramException.class, () -> scram.clientFinalMessage("r=" + CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThrows(ScramException.class, () -> scram.clientFinalMessage("m=ext," + SERVER_FIRST));
        assertThrows(ScramException.class, () -> scram.clientFinalMessage("r=" + CLIENT_NONCE + "x,s=W22Z,i=0"));
    }

    @Test
    void namesAreEscaped() {
        ScramClient scram = new ScramClient(ScramClient.SHA_256, "a,b=c", "pw", "nonce");
        assertEquals("n,,n=a=2Cb=3Dc,r=nonce", scram.clientFirstMessage());
    }
}
