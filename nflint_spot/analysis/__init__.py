"""What a process really gets on AWS Batch: scenarios, queues, attempts, Spot runs."""
