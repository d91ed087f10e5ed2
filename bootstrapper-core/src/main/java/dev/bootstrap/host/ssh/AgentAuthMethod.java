package dev.bootstrap.host.ssh;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * "publickey" authentication (RFC 4252 section 7) with one key held by an ssh-agent: offer the
 * public key, and when the server accepts it (USERAUTH_PK_OK) have the agent sign the request.
 */
final class AgentAuthMethod extends AbstractAuthMethod {

    private final AgentClient agent;
    private final AgentClient.Identity identity;
    private final String algorithm;
    private final int signFlags;

    AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
        // OpenSSH servers refuse SHA-1 "ssh-rsa" signatures; ask the agent for rsa-sha2-256.
        boolean rsa = identity.keyType().equals("ssh-rsa");
        this.algorithm = rsa ? "rsa-sha2-256" : identity.keyType();
        this.signFlags = rsa ? AgentClient.RSA_SHA2_256 : 0;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm).putString(identity.blob());
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd != Message.USERAUTH_60) {
            super.handle(cmd, buf);
            return;
        }
        SSHPacket req = request(true);
        byte[] signedData = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(req)
                .getCompactData();
        try {
            req.putString(agent.sign(identity.blob(), signedData, signFlags));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with " + identity.describe() + ": "
                    + e.getMessage(), e);
        }
        params.getTransport().write(req);
    }

    @Override
    public String toString() {
        return "ssh-agent key " + identity.describe();
    }
}
