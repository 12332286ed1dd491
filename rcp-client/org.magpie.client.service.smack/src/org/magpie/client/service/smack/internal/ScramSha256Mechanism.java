package org.magpie.client.service.smack.internal;

import java.nio.charset.StandardCharsets;

import javax.security.auth.callback.CallbackHandler;

import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;
import org.magpie.client.service.smack.internal.ScramClient.ScramException;

/**
 * SASL SCRAM-SHA-256 (RFC 7677) for Smack. Smack 4.4 and 4.5 only have SCRAM-SHA-1: their
 * {@code ScramMechanism} takes the HMAC as a parameter but computes StoredKey with SHA-1 whatever
 * the HMAC, so it cannot simply be given SHA-256. This mechanism is written against
 * {@link SASLMechanism} instead and delegates the arithmetic to {@link ScramClient}.
 *
 * <p>Its priority (105) ranks it before Smack's SCRAM-SHA-1 (110) and after the channel-binding
 * "-PLUS" variants (100), so a server offering both SHA-256 and SHA-1 gets SHA-256, and SHA-1 stays
 * the fallback for servers without it.
 */
public final class ScramSha256Mechanism extends SASLMechanism {

    public static final String NAME = "SCRAM-SHA-256";
    static final int PRIORITY = 105;

    private ScramClient scram;

    /** Registers the mechanism with Smack once (Smack keeps one global list). */
    public static void register() {
        synchronized (ScramSha256Mechanism.class) {
            if (!SASLAuthentication.isSaslMechanismRegistered(NAME)) {
                SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
            }
        }
    }

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("SCRAM-SHA-256 needs a password, not a CallbackHandler");
    }

    @Override
    protected byte[] getAuthenticationText() {
        scram = new ScramClient(ScramClient.SHA_256, authenticationId, password, ScramClient.newNonce());
        return scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String message = new String(challenge, StandardCharsets.UTF_8);
        try {
            if (!scram.finalMessageSent()) {
                return scram.clientFinalMessage(message).getBytes(StandardCharsets.UTF_8);
            }
            // the server-final-message: in <success/>, or (some servers) in a last challenge
            scram.verifyServerFinal(message);
            return null;
        } catch (ScramException e) {
            throw new SmackSaslException(NAME + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (scram == null || !scram.verified()) {
            throw new SmackSaslException(NAME + ": the server did not prove that it knows the account's keys");
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramSha256Mechanism();
    }
}
